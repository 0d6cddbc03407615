"""数据核查: the problems of a region's year, one row per problem, reports ranked by how much there is to
look at, each row with the report's state and a link to the item probably wrong; exportable."""

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

from nianbao.analysis.checks import CHECKS, KIND_LABELS, CheckConfig, Problem
from nianbao.analysis.flags import ERROR, INFO, WARNING, item_label
from nianbao.web.oversight.models import FlagReview
from nianbao.web.oversight.review import RegionReview, SiteInfo, region_review
from nianbao.web.oversight.scope import first_error, supervised_regions, within
from nianbao.web.oversight.views.common import csv_response, fast_xlsx_response, page_scope
from nianbao.web.registry.models import Role
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.permissions import roles_on

# Each threshold of CheckConfig the 阈值设置 offers: (label, lowest, highest). Whole numbers where the
# default is one. The checks they belong to are listed in nianbao.analysis.flags.CHECKS.
THRESHOLDS: dict[str, tuple[str, float, float]] = {
    "peer_threshold": ("提示所需偏离程度（对数尺度稳健Z值）", 1, 100),
    "peer_warning": ("警告所需偏离程度（对数尺度稳健Z值）", 1, 100),
    "peer_warning_ratio": ("警告所需与中位数相差倍数", 1, 1_000_000),
    "peer_min_group": ("最少同类网站数", 3, 1000),
    "yoy_factor": ("同比变化倍数", 1.1, 1000),
    "yoy_minor_factor": ("非主要项目的警告倍数", 1.1, 1000),
    "yoy_min_base": ("起比数值（两年中较大者）", 0, 1e12),
    "shift_tolerance": ("与10、100、1000倍的接近程度（常用对数）", 0.01, 0.5),
    "cumulative_drop": ("允许下降的比例", 0.05, 1),
    "cumulative_min_base": ("起比数值（上年）", 0, 1e12),
    "turned_none_min": ("上年数值至少", 0, 1e12),
    "copy_min_items": ("最少比较项数", 3, 100),
    "self_copy_share": ("相同项目占比", 0.5, 1),
    "near_copy_share": ("相同项目占比", 0.5, 1),
    "uv_pv_min": ("起判数值", 0, 1e12),
    "pv_per_uv_max": ("人均访问次数上限", 1, 100_000),
    "avg_days_max": ("平均办理时间上限（天）", 1, 10_000),
    "round_min_items": ("最少整百整千项数", 2, 20),
    "round_share": ("整百整千项目占比", 0.1, 1),
}
DEFAULTS = CheckConfig()
PER_PAGE = 50  # problems per page: the ranking puts what to open first on the first page
SEVERITY_CHOICES = [
    ("", "警告及以上"),
    ("all", "全部（含提示）"),
    (ERROR, "错误"),
    (WARNING, "警告"),
    (INFO, "提示"),
]


def threshold_field(name: str) -> forms.Field:
    """Return an optional threshold field whose messages name the threshold and its range."""
    label, low, high = THRESHOLDS[name]
    whole = isinstance(getattr(DEFAULTS, name), int)
    out_of_range = f"{label}应在 {low:g}–{high:g} 之间"
    kind = forms.IntegerField if whole else forms.FloatField
    return kind(
        required=False,
        min_value=low,
        max_value=high,
        label=label,
        error_messages={
            "invalid": f"{label}应为{'整数' if whole else '数字'}",
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
    )


class CheckFilter(forms.Form):
    kind = forms.MultipleChoiceField(
        required=False, error_messages={"invalid_choice": "没有“%(value)s”这类问题"}
    )
    severity = forms.ChoiceField(
        required=False,
        choices=SEVERITY_CHOICES,
        error_messages={"invalid_choice": "严重程度只能从列表中选择"},
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", "全部"), ("open", "未核查"), ("checked", "已核查")],
        error_messages={"invalid_choice": "核查状态只能是未核查或已核查"},
    )
    q = forms.CharField(required=False, max_length=50, error_messages={"max_length": "搜索词不能超过50个字"})
    page = forms.IntegerField(required=False, min_value=1, error_messages={"invalid": "页码应为正整数"})
    fmt = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("csv", "CSV"), ("xlsx", "XLSX")],
        error_messages={"invalid_choice": "导出格式只能是 CSV 或 XLSX"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Categories are read when the form is made: other apps may have registered theirs since import.
        self.fields["kind"].choices = list(KIND_LABELS.items())
        for name in THRESHOLDS:
            self.fields[name] = threshold_field(name)

    def config(self) -> CheckConfig:
        data = self.cleaned_data
        chosen = {n: data[n] for n in THRESHOLDS if data.get(n) is not None}
        return CheckConfig(**chosen)

    def threshold_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Return each named check with its threshold fields, for the 阈值设置 panel."""
        groups = []
        for info in CHECKS.values():
            bound = [self[n] for n in info.thresholds if n in THRESHOLDS]
            if bound:
                groups.append((info.label, bound))
        return groups


@dataclass
class Row:
    problem: Problem
    site: SiteInfo
    position: int  # the report's place in the ranking, 1 = look first
    score: float
    review: FlagReview | None
    item_label: str  # the item probably wrong, with its section path

    @property
    def report_id(self) -> int:
        return self.problem.report_id

    @property
    def points_at_previous(self) -> bool:
        return self.problem.on_previous and self.site.previous_report_id is not None

    @property
    def link(self) -> str:
        """Return the item probably wrong on its report (last year's when the mistake is probably there)."""
        target = self.site.previous_report_id if self.points_at_previous else self.report_id
        anchor = f"#item-{self.problem.item}" if self.problem.item else ""
        return reverse("reporting:entry", args=[target]) + anchor


def _rows(review: RegionReview, reviews: dict, data: dict) -> list[Row]:
    template = review.template
    labels = {i.key: item_label(template, i.key) for i in template.items} if template else {}
    kinds, severity, status = data.get("kind"), data.get("severity") or "", data.get("status")
    q = (data.get("q") or "").strip()
    rows = []
    for position, rank in enumerate(review.ranks, start=1):
        site = review.sites[rank.report_id]
        for problem in rank.problems:
            if kinds and not set(problem.kinds) & set(kinds):
                continue
            if severity == "" and problem.severity == INFO:
                continue
            if severity not in ("", "all") and problem.severity != severity:
                continue
            seen = reviews.get((problem.report_id, problem.key))
            if (status == "open" and seen) or (status == "checked" and not seen):
                continue
            if q and q not in site.name and q not in site.code and not any(q in m for m in problem.messages):
                continue
            label = labels.get(problem.item, "") if not problem.flags[0].wide else "整份报表"
            rows.append(Row(problem, site, position, rank.score, seen, label))
    return rows


def _reviews(review: RegionReview) -> dict:
    return {
        (r.report_id, r.key): r
        for r in FlagReview.objects.filter(report_id__in=list(review.sites)).select_related("checked_by")
    }


@login_required
@require_safe
def checks(request: HttpRequest) -> HttpResponse:
    """List the problems of a region's year, reports ranked, filterable, each markable as checked."""
    scope, refusal = page_scope(request)
    if refusal:
        return refusal
    form = CheckFilter(request.GET)
    context = {
        "scope": scope,
        "form": form,
        "kinds": KIND_LABELS,
        "threshold_groups": form.threshold_groups(),
        "defaults": {n: f"{getattr(DEFAULTS, n):g}" for n in THRESHOLDS},
    }
    error = scope.error or ("" if form.is_valid() else first_error(form))
    # A mistyped threshold keeps the form on the page, with what was typed, to be corrected.
    context["form_shown"] = not scope.error
    if error or not scope.ok:
        context["error"] = error
        return render(request, "oversight/checks.html", context, status=400 if error else 200)
    assert scope.region is not None and scope.year is not None
    data = form.cleaned_data
    review = region_review(scope.region, scope.year, form.config())
    rows = _rows(review, _reviews(review), data)
    if data.get("fmt"):
        return export(rows, data["fmt"], f"数据核查-{scope.region.name}-{scope.year}")
    shown_reports = {r.report_id for r in rows}
    top = [
        (position, rank, review.sites[rank.report_id])
        for position, rank in enumerate(review.ranks, start=1)
        if rank.report_id in shown_reports
    ][:20]
    counts = {label: sum(1 for r in rows if kind in r.problem.kinds) for kind, label in KIND_LABELS.items()}
    page = Paginator(rows, PER_PAGE).get_page(data.get("page") or 1)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("fmt", None)
    context |= {
        "rows": page,
        "total": len(rows),
        "reports": len(shown_reports),
        "top": top,
        "counts": counts,
        "query": query.urlencode(),
        "here": request.get_full_path(),
    }
    return render(request, "oversight/checks.html", context)


EXPORT_HEADER = ["排名", "网站名称", "政府网站标识码", "报表状态", "报表得分", "严重程度", "类别", "涉及项目",
                 "说明", "检查与代码", "核查说明", "核查人"]  # fmt: skip


def export(rows: list[Row], fmt: str, name: str) -> HttpResponse:
    """Return the rows in the page's order (the ranking) as CSV or XLSX, with the codes the page hides."""
    table: list[list] = [EXPORT_HEADER]
    for row in rows:
        problem = row.problem
        table.append([
            row.position, row.site.name, row.site.code, row.site.state_label, row.score,
            problem.severity_label, problem.kind_labels, row.item_label, "；".join(problem.messages),
            problem.codes,
            row.review.note if row.review else "", str(row.review.checked_by) if row.review else "",
        ])  # fmt: skip
    if fmt == "csv":
        return csv_response(table, f"{name}.csv")
    return fast_xlsx_response(table, f"{name}.xlsx", "数据核查")


@login_required
@require_POST
def mark(request: HttpRequest) -> HttpResponse:
    """Record that a supervisor checked a problem, with a note; kept on the report."""
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
    """Show the problems checked on one report: what was checked, by whom, with which note."""
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
