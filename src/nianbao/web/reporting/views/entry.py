"""The entry page: one page per report, grouped by section, saved as a draft at any time."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from nianbao.report import Report as CoreReport
from nianbao.report.coerce import format_value
from nianbao.web.evidence.services import figures_beside_items
from nianbao.web.public.published import last_published, public_core
from nianbao.web.public.views import download_labels
from nianbao.web.reporting import core as checks
from nianbao.web.reporting import pending
from nianbao.web.reporting.entryform import (
    attach_findings,
    entries_from_post,
    notes_from_post,
    rows_for,
    warning_rows,
)
from nianbao.web.reporting.entrypage import parts_for, published_texts, summary_links
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.permissions import ACTION_LABELS, allowed_actions, roles_on
from nianbao.web.reporting.services import ConcurrentEditError, WorkflowError, save_values, submit
from nianbao.web.reporting.views.common import last_year, report_for


def keep_post_when_signed_out(view: Any) -> Any:
    """Keep an entry post that arrives after the session expired, and bring it back after the new login."""

    def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
        if request.method == "POST" and not request.user.is_authenticated:
            pending.keep(request, pk)
            return redirect_to_login(reverse("reporting:entry", args=[pk]))
        return login_required(view)(request, pk)

    return wrapper


def _typed_report(report: Report, post: QueryDict) -> tuple[CoreReport, dict[str, checks.Entry]]:
    """Return the report as it would be with the posted entries, without saving anything."""
    template = report.template
    entries = {k: e for k, e in entries_from_post(template, post).items() if template.has_item(k)}
    core = report.core()
    for key, entry in entries.items():
        value, _ = checks.read_entry(template.item(key), entry)
        core.set(key, value)
    for key, value in checks.compute(core).items():
        core.set(key, value)
    return core, entries


def _page(
    request: HttpRequest,
    report: Report,
    core: CoreReport | None = None,
    typed: dict[str, checks.Entry] | None = None,
    notes: dict[str, str] | None = None,
    conflict: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    template = report.template
    core = core or report.core()
    raws = dict(report.values.values_list("key", "raw"))
    rows = rows_for(template, core, raws, last_year(report), typed)
    findings = checks.while_drafting(checks.validate(core), template)
    loose = attach_findings(rows, findings)
    comments = list(report.comments.filter(resolved=False).order_by("pk"))
    for comment in comments:
        if comment.key in rows:
            rows[comment.key].comments.append(comment.text)
    for key, line in figures_beside_items(report).items():
        if key in rows:
            rows[key].evidence = line
    roles = roles_on(request.user, report.website)
    actions = allowed_actions(report.state, roles)
    notes = report.warning_notes if notes is None else notes
    editable, can_comment = "save" in actions, "return" in actions
    last_return = report.transitions.filter(action="return").last()
    labels = {i.key: template.section_label(i) + " › " + i.label for i in template.items}
    for change in conflict or ():
        change.label = labels.get(change.key, change.key)
    published = _published_changes(report, core)
    parts = parts_for(template, rows, published)
    errors = checks.blocking(findings)
    decisions = {"review", "approve", "return"} & set(actions)
    context = {
        "report": report,
        "parts": parts,
        "loose_findings": loose,
        "error_links": summary_links(parts, errors) if editable else [],
        "focus_summary": status == 422 and bool(errors),
        "warnings": warning_rows(findings, notes),
        "editable": editable,
        "review": "comment" if can_comment else bool(decisions),
        "has_published_changes": bool(published),
        "actions": {a: ACTION_LABELS[a] for a in actions},
        "last_return": last_return if report.state == "returned" else None,
        "returned_items": [
            {"key": c.key, "label": labels.get(c.key, c.key), "text": c.text}
            for c in comments
            if c.key in rows
        ],
        "conflict": conflict,
        "completeness": round(core.completeness() * 100),
    }
    body = render_to_string("reporting/entry.jinja", context, request=request)
    return render(
        request,
        "reporting/entry.html",
        {
            "report": report,
            "body": mark_safe(body),  # drawn by the autoescaping Jinja2 template above
            "actions": context["actions"],
            "decision_bar": bool(decisions),
            "attachments": report.attachments.all(),
            "formats": download_labels(),
        },
        status=status,
    )


def _published_changes(report: Report, core: CoreReport) -> dict[str, str] | None:
    """Return the published value of each item a correction changed; None when not in correction."""
    if report.revision <= 1:
        return None
    revision = last_published(report)
    if revision is None or revision.number >= report.revision:
        return None
    old = public_core(report, revision)
    template = report.template
    return published_texts(
        template,
        {i.key: core.get(i.key) for i in template.items},
        {i.key: old.get(i.key) for i in template.items},
    )


@keep_post_when_signed_out
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the report; on POST save what was typed and, when asked, submit it."""
    report = report_for(request, pk)
    if request.method == "GET":
        post = pending.take(request, pk)
        if post is not None:
            core, typed = _typed_report(report, post)
            messages.warning(
                request, "登录已过期，您此前输入但尚未保存的内容已恢复，请核对后点击“保存草稿”。"
            )
            return _page(request, report, core, typed, notes_from_post(post))
        return _page(request, report)
    entries = entries_from_post(report.template, request.POST)
    notes = notes_from_post(request.POST)
    try:
        version = int(request.POST.get("lock_version", ""))
    except ValueError:
        messages.error(request, "表单缺少版本信息，未保存。您输入的内容仍在下方，请点击“保存草稿”重试。")
        core, typed = _typed_report(report, request.POST)
        return _page(request, report, core, typed, notes, status=400)
    try:
        save_values(report, request.user, entries, version, notes)
    except ConcurrentEditError as exc:
        core, typed = _typed_report(report, request.POST)
        messages.error(request, exc.message)
        fresh = report_for(request, pk)
        return _page(request, fresh, core, typed, notes, conflict=exc.changes, status=409)
    except WorkflowError as exc:
        messages.error(request, exc.message)
        core, typed = _typed_report(report, request.POST)
        return _page(request, report, core, typed, notes, status=403 if exc.forbidden else 422)
    if request.POST.get("do") == "submit":
        try:
            submit(report, request.user, notes)
        except WorkflowError as exc:
            messages.error(request, f"草稿已保存，但未能提交：{exc.message}")
            return _page(request, report_for(request, pk), status=422)
        messages.success(request, "报表已提交，等待审核人审核。")
    else:
        messages.success(request, "草稿已保存。")
    return redirect("reporting:entry", pk=pk)


@login_required
@require_POST
def check(request: HttpRequest, pk: int) -> JsonResponse:
    """Return the findings and computed values for what is typed on the page, without saving."""
    report = report_for(request, pk)
    core, _ = _typed_report(report, request.POST)
    template = report.template
    items: dict[str, list[dict[str, str]]] = {}
    general = []
    findings = checks.while_drafting(checks.validate(core), template)
    for finding in findings:
        shown = {
            "severity": finding.severity.value,
            "label": finding.severity.label,
            "message": finding.message,
        }
        keys = [k for k in finding.items if template.has_item(k)]
        for key in keys:
            items.setdefault(key, []).append(shown)
        if not keys:
            general.append(shown)
    computed = {item.key: format_value(item, core.get(item.key)) for item in template.items if item.compute}
    states = {item.key: value.state.value for item, value in core}
    warned = [{"key": checks.finding_key(f), "message": f.message} for f in checks.warnings(findings)]
    order = {key: n for n, key in enumerate(template.keys)}
    errors = [
        {"message": f.message, "key": min((k for k in f.items if k in order), key=order.get, default="")}
        for f in checks.blocking(findings)
    ]
    return JsonResponse(
        {
            "items": items,
            "general": general,
            "computed": computed,
            "states": states,
            "warnings": warned,
            "errors": errors,
            "completeness": round(core.completeness() * 100),
        }
    )
