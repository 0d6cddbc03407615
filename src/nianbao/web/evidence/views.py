"""Upload an evidence file to a report, see its provenance, accept its figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from nianbao.web.evidence import services
from nianbao.web.evidence.models import EvidenceRecord
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.services import ConcurrentEditError, WorkflowError
from nianbao.web.reporting.views.common import report_for


def _record(request: HttpRequest, pk: int) -> EvidenceRecord:
    record = (
        EvidenceRecord.objects.filter(report__in=Report.objects.for_user(request.user))
        .select_related("report__period", "report__website__region", "uploaded_by", "accepted_by")
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise Http404("没有找到该取证数据，或您无权查看")
    return record


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach the uploaded evidence JSON to the report."""
    report = report_for(request, pk)
    upload = request.FILES.get("evidence")
    if upload is None:
        messages.error(
            request, "请选择取证文件（nianbao logstats / cms / messages 命令加 --json 输出的文件）"
        )
        return redirect("reporting:entry", pk=pk)
    try:
        record = services.attach(report, request.user, upload.read(services.MAX_BYTES + 1))
    except WorkflowError as exc:
        messages.error(request, f"取证数据未上传：{exc.message}")
        return redirect("reporting:entry", pk=pk)
    messages.success(
        request, f"已上传{record.kind_label}取证数据，计算结果显示在对应项目旁，核对后可点击“采用”。"
    )
    return redirect("reporting:entry", pk=pk)


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the figures of an evidence record with its provenance."""
    record = _record(request, pk)
    evidence = record.evidence
    template = record.report.template
    figures = []
    current = record.report.core()
    for key, figure in evidence.figures.items():
        item = template.item(key) if template.has_item(key) else None
        label = f"{template.section_label(item)} › {item.label}" if item else key
        figures.append(
            (label, "无" if figure is None else f"{figure}{item.unit if item else ''}", current.get(key))
        )
    definitions = [
        (template.item(k).label if template.has_item(k) else k, text)
        for k, text in evidence.definitions.items()
    ]
    return render(
        request,
        "evidence/detail.html",
        {"record": record, "evidence": evidence, "figures": figures, "definitions": definitions},
    )


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill the report with the record's figures, as the 填报人 saving them (history and checks as usual)."""
    record = _record(request, pk)
    try:
        version = int(request.POST.get("lock_version", ""))
        keys = services.accept(record, request.user, version)
    except ValueError:
        messages.error(request, "缺少版本信息，请刷新页面后重试")
    except ConcurrentEditError as exc:
        messages.error(request, exc.message)
    except WorkflowError as exc:
        messages.error(request, f"未采用：{exc.message}")
    else:
        messages.success(request, f"已将取证数据填入 {len(keys)} 个项目，修改记录中可查。")
    return redirect("reporting:entry", pk=record.report_id)
