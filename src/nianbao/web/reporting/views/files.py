"""Files of a report: the stamped scan (upload and download) and the report in every available format."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from nianbao.io import get_writer, writer_formats
from nianbao.web.reporting.models import Attachment
from nianbao.web.reporting.services import WorkflowError
from nianbao.web.reporting.services.base import acting, send
from nianbao.web.reporting.uploads import (
    MAX_SCANS_PER_REPORT,
    SizeLimitHandler,
    UploadRejected,
    check_scan,
)
from nianbao.web.reporting.views.common import report_for


@csrf_exempt  # only so the size limit is in place before the body is read; checked just below
@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Store the stamped scan after checking its content and size."""
    limit = settings.NIANBAO_MAX_UPLOAD_BYTES
    guard = SizeLimitHandler(limit)
    request.upload_handlers.insert(0, guard)
    return _upload(request, pk, guard, limit)


@csrf_protect
def _upload(request: HttpRequest, pk: int, guard: SizeLimitHandler, limit: int) -> HttpResponse:
    report = report_for(request, pk)
    upload = request.FILES.get("scan")
    if guard.exceeded:
        messages.error(request, f"上传失败：文件过大，上限为 {limit / 2**20:.0f} MB")
        return redirect("reporting:entry", pk=pk)
    if upload is None:
        messages.error(request, "请选择要上传的盖章扫描件")
        return redirect("reporting:entry", pk=pk)
    data = upload.read(limit + 1)
    try:
        kind = check_scan(data, limit)
        with acting(report, "attach", request.user) as locked:
            if Attachment.objects.filter(report=locked).count() >= MAX_SCANS_PER_REPORT:
                raise UploadRejected(
                    f"本报表已有 {MAX_SCANS_PER_REPORT} 份盖章扫描件，已达上限；如需更换，请联系系统管理员"
                )
            digest = hashlib.sha256(data).hexdigest()
            attachment = Attachment(
                report=locked,
                original_name=upload.name[:200],
                content_type=kind.content_type,
                extension=kind.extension,
                size=len(data),
                sha256=digest,
                revision=locked.revision,
                uploaded_by=request.user,
            )
            attachment.file.save(f"{digest}.{kind.extension}", ContentFile(data), save=False)
            attachment.save()
            send(
                locked,
                "attach",
                request.user,
                "ok",
                {"sha256": digest, "size": len(data), "name": upload.name},
            )
    except UploadRejected as exc:
        messages.error(request, f"上传失败：{exc}")
        return redirect("reporting:entry", pk=pk)
    except WorkflowError as exc:
        messages.error(request, f"上传失败：{exc.message}")
        return redirect("reporting:entry", pk=pk)
    messages.success(request, "盖章扫描件已上传。")
    return redirect("reporting:entry", pk=pk)


@login_required
@require_safe
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """Send a stored scan to someone who may see its report."""
    report = report_for(request, pk)
    try:
        stored = report.attachments.get(pk=attachment_id)
    except Attachment.DoesNotExist:
        raise Http404("没有这个附件") from None
    response = FileResponse(
        stored.file.open("rb"),
        content_type=stored.content_type,
        as_attachment=True,
        filename=f"{report.website.code}-{report.period.year}-盖章件.{stored.extension}",
    )
    return response


@login_required
@require_safe
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Send the report in one of the layouts the io registry can write."""
    report = report_for(request, pk)
    if fmt not in writer_formats():
        raise Http404("不支持该格式")
    writer = get_writer(fmt)
    data = writer.write(report.core())
    send(report, "download", request.user, "ok", {"format": fmt})
    response = HttpResponse(data, content_type=writer.mimetype)
    name = f"{report.website.code}-{report.period.year}-年度报表{writer.suffix}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
