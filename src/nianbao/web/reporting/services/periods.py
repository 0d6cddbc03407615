"""Opening a reporting year for a region: one report per website, 基本信息 filled in from the registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from nianbao.evidence.calendar import default_calendar
from nianbao.forms.template import Template, get_template, template_for_year
from nianbao.report.codec import encode_value
from nianbao.web.registry.models import Region, Website
from nianbao.web.reporting.core import Entry, read_entry
from nianbao.web.reporting.models import Report, ReportingPeriod, Revision, default_deadline
from nianbao.web.reporting.services.base import WorkflowError, send
from nianbao.web.reporting.services.entry import write_value


def registry_text(template: Template, website: Website, year: int) -> dict[str, str]:
    """Return the text of the 表头 and 基本信息 items that the registry knows, by item key."""
    known = {
        "header.unit": website.sponsor.name,
        "header.year": str(year),
        "basic.site_name": website.name,
        "basic.home_url": website.home_url,
        "basic.site_code": website.code,
        "basic.sponsor": website.sponsor.name,
        "basic.organizer": website.organizer.name,
        "basic.site_type": website.site_type,
        "basic.cn_domain": website.cn_domain,
        "basic.icp": website.icp,
        "basic.psb": website.psb,
        "basic.e_code": website.e_code,
    }
    return {k: v for k, v in known.items() if v and template.has_item(k)}


def create_report(period: ReportingPeriod, website: Website, actor: Any = None) -> Report:
    """Create a website's report for a period with its first revision and the registry's 基本信息."""
    template = period.template
    report = Report.unscoped.create(period=period, website=website)
    Revision.objects.create(report=report, number=1, created_by=actor)
    for key, text in registry_text(template, website, period.year).items():
        value, _ = read_entry(template.item(key), Entry(text=text))
        write_value(report, key, encode_value(value), text, actor, reason="来自网站名录")
    # The registry's values count as the first edit, so a page loaded before them would be stale.
    report.lock_version = 1
    report.save(update_fields=["lock_version"])
    send(report, "open", actor, "ok", {"period": period.pk})
    return report


def season_gaps(year: int) -> list[str]:
    """Return what a reporting year still lacks before it can be opened (in Chinese); [] when ready.

    A year needs a form that serves it and the working-day calendar of that year (留言办理's 按时办结 is
    counted in working days, and the calendar never guesses a year whose holiday notice is not out).
    """
    gaps = []
    try:
        template_for_year(year)
    except KeyError as exc:
        gaps.append(str(exc.args[0]))
    calendar = default_calendar()
    if not calendar.first.year <= year <= calendar.last.year:
        gaps.append(
            f"工作日历中没有{year}年的节假日安排（现有{calendar.first.year}–{calendar.last.year}年）："
            f"须待国务院办公厅发布{year}年部分节假日安排的通知，补入 holidays.toml"
        )
    return gaps


def open_period(
    region: Region, year: int, actor: Any, template_id: str | None = None, deadline: dt.date | None = None
) -> ReportingPeriod:
    """Open a reporting year for a region and create a report for every active website below it.

    The form is the one serving `year` unless `template_id` names another; a year without a form or a
    working-day calendar is refused with what is missing.
    """
    gaps = season_gaps(year)
    if gaps:
        raise WorkflowError(f"{year} 年度尚不能开启：" + "；".join(gaps) + "。")
    try:
        template_id = template_id or template_for_year(year).id
        get_template(template_id)
    except KeyError as exc:
        raise WorkflowError(str(exc.args[0])) from None
    with transaction.atomic():
        # A period covers its region's whole subtree, so one opened above or below this region would give
        # some websites two reports for the same year.
        ancestors = [region.path[: i + 1] for i, ch in enumerate(region.path) if ch == "/"]
        overlapping = (
            ReportingPeriod.objects.filter(year=year)
            .filter(Q(region__path__startswith=region.path) | Q(region__path__in=ancestors))
            .select_related("region")
            .first()
        )
        if overlapping is not None:
            raise WorkflowError(
                f"{overlapping.region.name} 的 {year} 年度已经开启，覆盖了{region.name}的网站，不能重复开启"
            )
        period = ReportingPeriod.objects.create(
            region=region,
            year=year,
            template_id=template_id,
            deadline=deadline or default_deadline(year),
            opened_by=actor,
        )
        websites = Website.unscoped.filter(region__path__startswith=region.path, active=True).select_related(
            "sponsor", "organizer"
        )
        for website in websites:
            create_report(period, website, actor)
    return period
