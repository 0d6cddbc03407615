"""Pages of publication checks: a report's history with evidence, region runs, the export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from nianbao.analysis.tables import safe_text
from nianbao.web.oversight.scope import supervised_regions, within
from nianbao.web.oversight.views.common import (
    attachment,
    csv_response,
    page_scope,
    posted_scope,
    xlsx_response,
)
from nianbao.web.public.published import last_published
from nianbao.web.registry.models import Role
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.permissions import roles_on
from nianbao.web.reporting.views.common import report_for
from nianbao.web.verification import conf
from nianbao.web.verification.hooks import LABELS, UNCHECKED
from nianbao.web.verification.models import PublicationCheck, PublicationRun
from nianbao.web.verification.services import active_run, latest_checks, published_in, start_run
from nianbao.web.verification.tasks import enqueue_check


def _supervises(request: HttpRequest, report: Report) -> bool:
    return bool(roles_on(request.user, report.website) & {Role.SUPERVISOR, Role.ADMIN})


@login_required
@require_safe
def report_checks(request: HttpRequest, pk: int) -> HttpResponse:
    """The history of one report's checks: result, differences, what was found, URLs and evidence."""
    report = report_for(request, pk)
    checks = report.publication_checks.select_related("revision")[:100]
    context = {
        "report": report,
        "checks": checks,
        "published": last_published(report),
        "can_check": _supervises(request, report),
    }
    return render(request, "verification/report.html", context)


@login_required
@require_POST
def check_now(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue one report's check (a supervisor's button on the report's page)."""
    report = report_for(request, pk)
    if not _supervises(request, report):
        messages.error(request, "只有监管人员可以发起公开核验")
    elif last_published(report) is None:
        messages.error(request, "该报表尚未公开，没有可核验的公开网址")
    else:
        try:
            conf.fetch_policy()
        except conf.VerifySettingError as exc:
            messages.error(request, f"公开核验的设置有误：{exc}")
        else:
            enqueue_check(report.pk)
            messages.success(request, "已加入核验队列，稍后刷新本页查看结果。")
    return redirect("verification:report", pk=pk)


@login_required
@require_safe
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the fetched document kept as evidence. Always as a download, never rendered: it is the site's
    content, not ours, and may hold anything."""
    check = get_object_or_404(PublicationCheck.objects.select_related("report"), pk=pk)
    report_for(request, check.report_id)  # 404 unless the user may see the report
    if not check.evidence:
        raise Http404("这次核验没有保存文件")
    with check.evidence.open("rb") as handle:
        data = handle.read()
    suffix = check.evidence.name.rsplit(".", 1)[-1]
    when = timezone.localtime(check.checked_at)
    name = f"{check.report.website.code}-{when:%Y%m%d-%H%M}-{check.sha256[:12]}.{suffix}"
    response = attachment(data, "application/octet-stream", name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Start checking every published report of a region's year in the background."""
    scope, answer = posted_scope(request)
    if answer is not None:
        return answer
    assert scope.region is not None and scope.year is not None
    back = reverse("oversight:board") + "?" + scope.query()
    if active_run(scope.region, scope.year) is not None:
        messages.info(request, "本地区该年度的核验正在进行，请等它完成。")
        return redirect(back)
    if not published_in(scope.region, scope.year).exists():
        messages.info(request, "本地区该年度还没有已公开的报表，无需核验。")
        return redirect(back)
    try:
        conf.fetch_policy()
    except conf.VerifySettingError as exc:
        messages.error(request, f"公开核验的设置有误：{exc}")
        return redirect(back)
    run = start_run(scope.region, scope.year, request.user)
    messages.success(request, f"已开始核验 {run.total} 份已公开的报表，可关闭浏览器，核验在后台继续。")
    return redirect(back)


@login_required
@require_safe
def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress and results of one region run (refreshes itself while the run goes on)."""
    run = get_object_or_404(PublicationRun.objects.select_related("region", "created_by"), pk=pk)
    if not within(run.region, supervised_regions(request.user)):
        raise Http404("没有找到该核验，或您无权查看")
    outcomes = ("consistent", "inconsistent", "not_found", "unreachable")
    counts = [(LABELS[k], run.counts.get(k, 0)) for k in outcomes]
    return render(request, "verification/run.html", {"run": run, "counts": counts})


EXPORT_HEADER = [
    "政府网站标识码", "网站名称", "所属地区", "公开网址", "核验结果", "核验时间", "说明",
    "不一致项目数", "不一致项目（网站上的值 / 批准的值）", "首页链接", "报表所在文件", "SHA-256",
    "大小（字节）",
]  # fmt: skip


@login_required
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """Every report of a region's year with its last check, as XLSX or CSV."""
    scope, refusal = page_scope(request)
    if refusal:
        return refusal
    fmt = request.GET.get("format", "xlsx")
    if scope.error or not scope.ok or fmt not in ("xlsx", "csv"):
        message = scope.error or ("导出格式只能是 xlsx 或 csv" if scope.ok else "请选择地区和年度")
        return render(request, "reporting/refused.html", {"message": message}, status=400)
    assert scope.region is not None and scope.year is not None
    from nianbao.web.oversight.data import region_reports

    reports = list(
        region_reports(scope.region, scope.year).select_related("website__region").order_by("website__code")
    )
    latest = latest_checks(r.pk for r in reports)
    rows = []
    for report in reports:
        check = latest.get(report.pk)
        if check is None:
            rows.append([
                safe_text(report.website.code), safe_text(report.website.name),
                safe_text(report.website.region.name), safe_text(report.public_url), LABELS[UNCHECKED],
                "", "", "", "", "", "", "", "",
            ])  # fmt: skip
            continue
        differences = check.differences
        rows.append([
            safe_text(report.website.code), safe_text(report.website.name),
            safe_text(report.website.region.name), safe_text(check.public_url), check.get_outcome_display(),
            timezone.localtime(check.checked_at).strftime("%Y-%m-%d %H:%M"), safe_text(check.message),
            len(differences),
            safe_text("；".join(f"{d['label']}：{d['published']} / {d['approved']}" for d in differences)),
            check.home_label, safe_text(check.details.get("document_url", "")), check.sha256,
            check.details.get("size", 0),
        ])  # fmt: skip
    name = f"{scope.region.name}-{scope.year}年度-公开核验"
    if fmt == "csv":
        return csv_response([EXPORT_HEADER, *rows], name + ".csv")
    return xlsx_response([EXPORT_HEADER, *rows], name + ".xlsx", "公开核验")
