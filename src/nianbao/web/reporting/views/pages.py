"""Lists and records: the home page, a report's history, opening a reporting year."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from nianbao.forms.template import ItemType, Template, get_template, template_ids
from nianbao.report.codec import Plain, decode_value
from nianbao.report.coerce import format_value
from nianbao.web.public.published import shown_publish_date
from nianbao.web.registry.models import Region, Role
from nianbao.web.reporting.models import Report, current_season, default_deadline
from nianbao.web.reporting.permissions import ACTION_LABELS
from nianbao.web.reporting.services import WorkflowError, open_period
from nianbao.web.reporting.views.common import report_for


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """List the reports the user works on or supervises, newest year first."""
    reports = (
        Report.objects.for_user(request.user)
        .select_related("website", "period", "website__region")
        .order_by("-period__year", "website__code")[:500]
    )
    return render(request, "reporting/home.html", {"reports": reports})


@login_required
@require_safe
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Show every value change and every transition of a report; nothing here can be edited."""
    report = report_for(request, pk)
    template = report.template
    changes = list(report.changes.select_related("actor").order_by("-at", "-id"))
    labels = {i.key: template.section_label(i) + " › " + i.label for i in template.items}
    for change in changes:
        change.old_text = _shown(template, change.key, change.old_data, change.old_raw)
        change.new_text = _shown(template, change.key, change.new_data, change.new_raw)
    transitions = list(
        report.transitions.select_related("actor").prefetch_related("comments").order_by("-at", "-id")
    )
    for transition in transitions:
        transition.action_label = ACTION_LABELS.get(transition.action) or OTHER_ACTIONS.get(
            transition.action, transition.action
        )
        transition.item_comments = [(labels.get(c.key, c.key), c.text) for c in transition.comments.all()]
    revisions = list(report.revisions.order_by("number"))
    for revision in revisions:
        revision.publish_date = shown_publish_date(revision) if revision.published_at else None
    return render(
        request,
        "reporting/history.html",
        {
            "report": report,
            "changes": [(c, labels.get(c.key, c.key)) for c in changes],
            "transitions": transitions,
            "revisions": revisions,
        },
    )


def _shown(template: Template, key: str, data: Plain, raw: str) -> str:
    """Return a stored value as a person reads it: as typed, else as the form prints it.

    A date is always shown as the form prints it (2021年1月20日), whichever way it was typed, so the
    interface has one date format.
    """
    if not template.has_item(key):
        return raw
    item = template.item(key)
    value = decode_value(item, data)
    if raw and not (item.type is ItemType.DATE and isinstance(value.data, dt.date)):
        return raw
    return format_value(item, value)


# Steps recorded by other apps: the history import stores a published report in one step.
OTHER_ACTIONS = {"import": "导入历年报表"}


@login_required
@require_http_methods(["GET", "POST"])
def open_year(request: HttpRequest) -> HttpResponse:
    """Let a supervisor open a reporting year for a region they supervise."""
    regions = Region.objects.filter(roles__user=request.user, roles__role=Role.SUPERVISOR).distinct()
    if request.user.is_superuser:
        regions = Region.objects.filter(level=Region.Level.PROVINCE)
    if not regions:
        return render(
            request, "reporting/refused.html", {"message": "只有监管人员可以开启填报年度"}, status=403
        )
    year = current_season(dt.date.today())
    context = {
        "regions": regions,
        "year": year,
        "deadline": default_deadline(year),
        "forms": [get_template(t) for t in template_ids()],
    }
    if request.method == "POST":
        try:
            region = regions.get(pk=int(request.POST.get("region", "0")))
            year = int(request.POST.get("year", ""))
            deadline_text = request.POST.get("deadline", "").strip()
            deadline = dt.date.fromisoformat(deadline_text) if deadline_text else None
            if not 2000 <= year <= 2100:
                raise WorkflowError("年度应为 2000–2100 之间的四位数字")
            period = open_period(region, year, request.user, None, deadline)
        except (Region.DoesNotExist, ValueError):
            messages.error(request, "请选择您监管的地区，并填写正确的年度和截止日期（年-月-日）")
        except WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            count = period.reports.count()
            messages.success(
                request,
                f"已开启 {region.name} {year} 年度填报（报表模板 {period.template_id}，"
                f"截止日期 {period.deadline:%Y年%m月%d日}），共生成 {count} 份报表。",
            )
            return redirect("reporting:home")
    return render(request, "reporting/open_year.html", context)
