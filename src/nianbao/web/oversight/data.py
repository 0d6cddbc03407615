"""Reading a region's reports for supervision in a few set-based queries (no per-report query)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, QuerySet
from django.utils import timezone

from nianbao.analysis.checks import SiteFigures
from nianbao.analysis.tables import SiteRow
from nianbao.forms.template import Template, get_template
from nianbao.report import Report as CoreReport
from nianbao.report.codec import decode_value
from nianbao.report.values import Value
from nianbao.web.registry.models import Region, Website
from nianbao.web.reporting.models import Report, ReportValue, State

NOT_STARTED = "not_started"
STATE_LABELS = {NOT_STARTED: "未开始", **dict(State.choices)}
# The order the board lists states in: from nothing done to published, returns last.
STATE_ORDER = (
    NOT_STARTED,
    State.DRAFT,
    State.SUBMITTED,
    State.REVIEWED,
    State.APPROVED,
    State.PUBLISHED,
    State.RETURNED,
)
DEADLINE_LABELS = {
    "on_time": "按期公开",
    "late": "逾期公开",
    "missing": "逾期未公开",
    "pending": "未到截止日期",
}


def region_site_ids(region: Region) -> list[int]:
    """Return the ids of the websites of a region and every region below it."""
    return list(Website.unscoped.filter(region__path__startswith=region.path).values_list("pk", flat=True))


def region_reports(region: Region, year: int, site_ids: list[int] | None = None) -> QuerySet[Report]:
    """Return the reports of a year for the websites of a region and every region below it.

    The websites are looked up first and matched by id, which both databases answer from the report's
    website index; a join on the region path made SQLite scan every report of the year.
    """
    ids = region_site_ids(region) if site_ids is None else site_ids
    return Report.unscoped.filter(period__year=year, website_id__in=ids)


def region_reports_of_years(region: Region, years: Iterable[int]) -> QuerySet[Report]:
    """Return the reports of several years for the websites of a region and below."""
    return Report.unscoped.filter(period__year__in=list(years), website_id__in=region_site_ids(region))


@dataclass
class BoardRow:
    report_id: int
    site_code: str
    site_name: str
    site_type: str
    region_name: str
    region_path: str
    state: str
    completeness: int  # percent
    deadline: dt.date
    published_on: dt.date | None
    deadline_status: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def deadline_label(self) -> str:
        return DEADLINE_LABELS[self.deadline_status]


def _filled_counts(reports: QuerySet[Report]) -> dict[int, tuple[int, int]]:
    """Return {report id: (items filled, items on its template)}, filled meaning a value or 无."""
    result: dict[int, tuple[int, int]] = {}
    for template_id in set(reports.values_list("period__template_id", flat=True)):
        template = get_template(template_id)
        ids = list(reports.filter(period__template_id=template_id).values_list("pk", flat=True))
        counts = (
            ReportValue.objects.filter(
                report_id__in=ids,
                data__isnull=False,
                key__in=template.keys,
            )
            .values_list("report_id")
            .annotate(n=Count("id"))
        )
        total = len(template.keys)
        result.update({rid: (n, total) for rid, n in counts})
    return result


def _publish_dates(reports: QuerySet[Report]) -> dict[int, dt.date]:
    dates = {}
    ids = list(reports.values_list("pk", flat=True))
    rows = ReportValue.objects.filter(report_id__in=ids, key="basic.publish_date", data__isnull=False)
    for rid, data in rows.values_list("report_id", "data"):
        try:
            dates[rid] = dt.date.fromisoformat(str(data))
        except ValueError:
            continue
    return dates


def deadline_status(deadline: dt.date, published_on: dt.date | None, today: dt.date) -> str:
    """Say whether a report was published by the deadline, late, is missing, or still has time."""
    if published_on is not None:
        return "on_time" if published_on <= deadline else "late"
    return "missing" if today > deadline else "pending"


def board_rows(region: Region, year: int) -> list[BoardRow]:
    """Return one row per website of the region (and below) for a reporting year."""
    reports = region_reports(region, year)
    filled = _filled_counts(reports)
    dates = _publish_dates(reports)
    today = timezone.localdate()
    rows = []
    fields = (
        "pk", "state", "started_at", "published_at", "period__deadline", "website__code", "website__name",
        "website__site_type", "website__region__name", "website__region__path",
    )  # fmt: skip
    for (
        pk,
        state,
        started,
        published_at,
        deadline,
        code,
        name,
        site_type,
        rname,
        rpath,
    ) in reports.values_list(*fields):
        shown = NOT_STARTED if state == State.DRAFT and started is None else state
        published_on = dates.get(pk) or (timezone.localdate(published_at) if published_at else None)
        n, total = filled.get(pk, (0, 1))
        rows.append(
            BoardRow(
                report_id=pk,
                site_code=code,
                site_name=name,
                site_type=site_type,
                region_name=rname,
                region_path=rpath,
                state=shown,
                # Items prefilled from the registry are not work done: a report nobody opened is at 0%.
                completeness=0 if shown == NOT_STARTED else round(100 * n / total) if total else 0,
                deadline=deadline,
                published_on=published_on,
                deadline_status=deadline_status(deadline, published_on, today),
            )
        )
    return rows


def load_values(
    reports: QuerySet[Report] | dict[int, str], keys: Iterable[str] | None = None
) -> dict[int, dict[str, Value]]:
    """Return {report id: {key: value}} for the reports (a queryset, or {id: template id}), decoded."""
    templates = (
        reports if isinstance(reports, dict) else dict(reports.values_list("pk", "period__template_id"))
    )
    by_id: dict[str, Template] = {t: get_template(t) for t in set(templates.values())}
    rows = ReportValue.objects.filter(report_id__in=list(templates), data__isnull=False)
    if keys is not None:
        rows = rows.filter(key__in=list(keys))
    result: dict[int, dict[str, Value]] = {pk: {} for pk in templates}
    if not templates:
        return result  # an empty IN () has no SQL to run
    # The ORM's JSONField conversion per row took most of the time for a province's years; the same
    # query is run on the cursor and the JSON text decoded here (both backends hand it over as text).
    sql, params = rows.values_list("report_id", "key", "data").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for rid, key, data in cursor.fetchall():
            template = by_id[templates[rid]]
            if template.has_item(key):
                plain = json.loads(data) if isinstance(data, str) else data
                result[rid][key] = decode_value(template.item(key), plain)
    return result


def core_reports(reports: QuerySet[Report]) -> dict[int, CoreReport]:
    """Return the core report of each report, built from one query for all values."""
    templates = dict(reports.values_list("pk", "period__template_id"))
    values = load_values(reports)
    return {pk: CoreReport(get_template(templates[pk]), values[pk]) for pk in templates}


def site_figures(region: Region, year: int) -> tuple[list[SiteFigures], dict[int, CoreReport]]:
    """Return what the checks need for a region's year: each report with last year's values, and its core."""
    reports = region_reports(region, year)
    cores = core_reports(reports)
    previous_reports = region_reports(region, year - 1)
    # Last year is only compared on its numbers and account names: the rest is not decoded.
    compared = {i.key for c in list(cores.values())[:1] for i in c.template.items if i.type.is_numeric}
    compared |= {k.rsplit(".", 1)[0] + ".name" for k in compared}
    previous_values = load_values(previous_reports, compared or None)
    previous_by_site = dict(previous_reports.values_list("website_id", "pk"))
    figures = []
    fields = (
        "pk",
        "website_id",
        "website__code",
        "website__name",
        "website__site_type",
        "website__region__level",
        "state",
        "started_at",
    )
    for pk, site_id, code, name, site_type, level, state, started in reports.values_list(*fields):
        previous_pk = previous_by_site.get(site_id)
        figures.append(
            SiteFigures(
                report_id=pk,
                site_code=code,
                site_name=name,
                site_type=site_type,
                level=level,
                values=cores[pk].values,
                previous=previous_values.get(previous_pk) if previous_pk else None,
                state=NOT_STARTED if state == State.DRAFT and started is None else str(state),
                previous_report_id=previous_pk,
            )
        )
    return figures, cores


def site_rows(region: Region, year: int) -> tuple[Template | None, list[SiteRow]]:
    """Return every report of a region's year as rows for an export, with the template they share."""
    reports = region_reports(region, year).order_by("website__code")
    values = load_values(reports)
    fields = ("pk", "state", "started_at", "website__code", "website__name", "website__region__name",
              "website__site_type", "period__template_id")  # fmt: skip
    template: Template | None = None
    rows = []
    for pk, state, started, code, name, rname, site_type, template_id in reports.values_list(*fields):
        template = template or get_template(template_id)
        shown = NOT_STARTED if state == State.DRAFT and started is None else state
        rows.append(SiteRow(code, name, rname, site_type, STATE_LABELS[shown], values[pk]))
    return template, rows


def child_of(region: Region, path: str, children: dict[str, Region]) -> str:
    """Return the name of the child region of `region` that a site's region path lies in, or 本级."""
    prefix = path[: len(region.path) + 7]
    child = children.get(prefix)
    return child.name if child is not None else f"{region.name}（本级）"


def children_by_path(region: Region) -> dict[str, Region]:
    return {c.path: c for c in region.children.all()}


def group_counts(rows: Iterable[BoardRow], region: Region) -> list[tuple[str, list[int], int]]:
    """Return, per sub-region, the number of reports in each state and the total."""
    children = children_by_path(region)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATE_ORDER, 0))
    order = [c.name for c in children.values()]
    for row in rows:
        counts[child_of(region, row.region_path, children)][row.state] += 1
    names = [n for n in order if n in counts] + [n for n in counts if n not in order]
    return [(name, [counts[name][s] for s in STATE_ORDER], sum(counts[name].values())) for name in names]
