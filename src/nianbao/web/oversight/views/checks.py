"""Region-wide checks: every validation finding and every analysis flag of a region's year in one list."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from nianbao.analysis.checks import KIND_LABELS, CheckConfig, Flag, run_checks
from nianbao.report import Severity
from nianbao.web.oversight.data import site_figures
from nianbao.web.oversight.models import FlagReview
from nianbao.web.oversight.scope import first_error, supervised_regions, within
from nianbao.web.oversight.views.common import page_scope
from nianbao.web.registry.models import Role
from nianbao.web.reporting.core import validate
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.permissions import roles_on


def bounded_number(label: str, low: float, high: float) -> forms.FloatField:
    """Return an optional threshold field whose messages name the threshold and its range."""
    out_of_range = f"{label}应在 {low:g}–{high:g} 之间"
    return forms.FloatField(
        required=False,
        min_value=low,
        max_value=high,
        error_messages={"invalid": f"{label}应为数字", "min_value": out_of_range, "max_value": out_of_range},
    )


class CheckFilter(forms.Form):
    kind = forms.MultipleChoiceField(
        required=False,
        choices=list(KIND_LABELS.items()),
        error_messages={"invalid_choice": "没有“%(value)s”这类问题"},
    )
    severity = forms.ChoiceField(
        required=False,
        choices=[("", "全部"), ("error", "错误"), ("warning", "警告")],
        error_messages={"invalid_choice": "严重程度只能是错误或警告"},
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", "全部"), ("open", "未核查"), ("checked", "已核查")],
        error_messages={"invalid_choice": "核查状态只能是未核查或已核查"},
    )
    q = forms.CharField(required=False, max_length=50, error_messages={"max_length": "搜索词不能超过50个字"})
    z = bounded_number("稳健Z值阈值", 1, 100)
    factor = bounded_number("同比倍数", 1.1, 1000)
    pvuv = bounded_number("人均访问次数上限", 1, 100000)
    page = forms.IntegerField(required=False, min_value=1, error_messages={"invalid": "页码应为正整数"})

    def config(self) -> CheckConfig:
        data = self.cleaned_data
        defaults = CheckConfig()
        return CheckConfig(
            outlier_threshold=data.get("z") or defaults.outlier_threshold,
            yoy_factor=data.get("factor") or defaults.yoy_factor,
            pv_per_uv_max=data.get("pvuv") or defaults.pv_per_uv_max,
        )


@dataclass
class Row:
    flag: Flag
    site_name: str
    site_code: str
    review: FlagReview | None

    @property
    def link(self) -> str:
        """Return the item on the report's entry page (computed only for the rows shown)."""
        return reverse("reporting:entry", args=[self.flag.report_id]) + f"#item-{self.flag.items[0]}"


def region_flags(region, year, config: CheckConfig) -> tuple[list[Flag], dict[int, tuple[str, str]]]:
    """Return every validation finding and every analysis flag of a region's year, and each site's name."""
    figures, cores = site_figures(region, year)
    sites = {f.report_id: (f.site_name, f.site_code) for f in figures}
    flags: list[Flag] = []
    for pk, core in cores.items():
        for finding in validate(core):
            severity = "error" if finding.severity is Severity.ERROR else "warning"
            items = tuple(finding.items) or (finding.code,)
            flags.append(Flag(pk, "finding", items, f"{finding.message}（{finding.code}）", severity))
    if figures:
        flags.extend(run_checks(figures, cores[figures[0].report_id].template, config))
    return flags, sites


@login_required
@require_safe
def checks(request: HttpRequest) -> HttpResponse:
    """List the flags of a region's year, filterable, each linked to its item and markable as checked."""
    scope, refusal = page_scope(request)
    if refusal:
        return refusal
    form = CheckFilter(request.GET)
    context = {"scope": scope, "form": form, "kinds": KIND_LABELS}
    error = scope.error or ("" if form.is_valid() else first_error(form))
    if error or not scope.ok:
        context["error"] = error
        return render(request, "oversight/checks.html", context, status=400 if error else 200)
    assert scope.region is not None and scope.year is not None
    data = form.cleaned_data
    flags, sites = region_flags(scope.region, scope.year, form.config())
    reviews = {
        (r.report_id, r.key): r
        for r in FlagReview.objects.filter(report_id__in=list(sites)).select_related("checked_by")
    }
    rows = []
    q = (data.get("q") or "").strip()
    for flag in flags:
        if data.get("kind") and flag.kind not in data["kind"]:
            continue
        if data.get("severity") and flag.severity != data["severity"]:
            continue
        review = reviews.get((flag.report_id, flag.key))
        if (data.get("status") == "open" and review) or (data.get("status") == "checked" and not review):
            continue
        name, code = sites[flag.report_id]
        if q and q not in name and q not in code and q not in flag.message:
            continue
        rows.append(Row(flag, name, code, review))
    rows.sort(key=lambda r: (r.site_code, r.flag.severity != "error", r.flag.kind))
    counts = {label: sum(1 for r in rows if r.flag.kind == kind) for kind, label in KIND_LABELS.items()}
    page = Paginator(rows, 200).get_page(data.get("page") or 1)
    query = request.GET.copy()
    query.pop("page", None)
    context |= {
        "rows": page,
        "total": len(rows),
        "counts": counts,
        "query": query.urlencode(),
        "here": request.get_full_path(),
    }
    return render(request, "oversight/checks.html", context)


@login_required
@require_POST
def mark(request: HttpRequest) -> HttpResponse:
    """Record that a supervisor checked a flag, with a note; kept on the report."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("oversight:checks")
    try:
        report = (
            Report.objects.for_user(request.user)
            .select_related("website__region")
            .get(pk=int(request.POST.get("report", "")))
        )
    except (ValueError, Report.DoesNotExist):
        messages.error(request, "没有找到该报表，或它不在您的监管范围内")
        return redirect(back)
    if not supervised_regions(request.user) or not roles_on(request.user, report.website) & {
        Role.SUPERVISOR,
        Role.ADMIN,
    }:
        messages.error(request, "只有监管人员可以核查标记")
        return redirect(back)
    key = request.POST.get("key", "").strip()[:400]
    kind = request.POST.get("kind", "")
    note = request.POST.get("note", "").strip()
    if not key or kind not in KIND_LABELS:
        messages.error(request, "核查请求不完整，请从问题列表中提交")
        return redirect(back)
    if len(note) < 2:
        messages.error(request, "请写明核查情况（至少2个字）再标记为已核查")
        return redirect(back)
    FlagReview.objects.update_or_create(
        report=report,
        key=key,
        defaults={
            "kind": kind,
            "message": request.POST.get("message", "")[:2000],
            "note": note[:2000],
            "checked_by": request.user,
        },
    )
    messages.success(request, f"已将 {report.website.name} 的这一问题标记为已核查。")
    return redirect(back)


@login_required
@require_safe
def report_flags(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the flags kept on one report: what was checked, by whom, with which note."""
    from nianbao.web.reporting.views.common import report_for

    report = report_for(request, pk)
    if not within(report.website.region, supervised_regions(request.user)):
        # The site's own staff (and auditors) see the report, but supervisors' notes are for supervisors.
        return render(
            request,
            "reporting/refused.html",
            {"message": "核查记录只对负责该地区的监管人员和系统管理员开放"},
            status=403,
        )
    reviews = report.flag_reviews.select_related("checked_by")
    return render(
        request, "oversight/report_flags.html", {"report": report, "reviews": reviews, "kinds": KIND_LABELS}
    )
