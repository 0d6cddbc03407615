"""Pages of the history import: upload, the dry run's results (with progress), confirmation."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from nianbao.io.batch import readable_suffixes
from nianbao.web.history import services
from nianbao.web.history.models import ImportBatch
from nianbao.web.oversight.scope import supervised_regions, within
from nianbao.web.reporting.services.base import WorkflowError
from nianbao.web.reporting.uploads import SizeLimitHandler

MAX_FILES = 1000
# Every file is held in memory while it is staged: one batch may not exceed this in total.
MAX_TOTAL_BYTES = 300 * 1024 * 1024


def _refused(request: HttpRequest) -> HttpResponse:
    message = "只有监管人员可以导入历年报表"
    return render(request, "reporting/refused.html", {"message": message}, status=403)


@csrf_exempt  # only so the size limit is in place before the body is read; checked just below
@login_required
@require_http_methods(["GET", "POST"])
def start_import(request: HttpRequest) -> HttpResponse:
    """Upload a folder or zip of earlier years' published reports for a region the user supervises."""
    limit = settings.NIANBAO_MAX_UPLOAD_BYTES
    guard = SizeLimitHandler(limit)
    if request.method == "POST":
        request.upload_handlers.insert(0, guard)
    return _start_import(request, guard, limit)


@csrf_protect
def _start_import(request: HttpRequest, guard: SizeLimitHandler, limit: int) -> HttpResponse:
    regions = supervised_regions(request.user)
    if not regions:
        return _refused(request)
    suffixes = sorted(readable_suffixes() | {".zip"})
    context: dict[str, Any] = {
        "regions": regions,
        "suffixes": "、".join(suffixes),
        "limit_mb": limit // 2**20,
    }
    if request.method == "POST":
        files = request.FILES.getlist("files")
        region = next((r for r in regions if str(r.pk) == request.POST.get("region")), None)
        if guard.exceeded:
            messages.error(
                request, f"有文件超过 {limit // 2**20} MB 上限，未上传。较大的压缩包请拆开，或直接上传文件夹"
            )
        elif region is None:
            messages.error(request, "请选择您监管的地区")
        elif not files:
            messages.error(request, "请选择要导入的文件、文件夹或 zip 压缩包")
        elif len(files) > MAX_FILES:
            messages.error(request, f"一次最多上传 {MAX_FILES} 个文件，请分批导入")
        elif sum(f.size or 0 for f in files) > MAX_TOTAL_BYTES:
            messages.error(request, f"一次上传的文件合计超过 {MAX_TOTAL_BYTES // 2**20} MB，请分批导入")
        else:
            uploads = [(f.name, f.read(limit + 1)) for f in files]
            batch = services.start(region, request.user, uploads, request.POST.get("list_publicly") == "on")
            return redirect("history:batch", key=batch.key)
    return render(request, "history/import.html", context)


def _batch_for(request: HttpRequest, key: Any) -> ImportBatch:
    found = ImportBatch.objects.select_related("region").filter(key=key).first()
    if found is None or not within(found.region, supervised_regions(request.user)):
        raise Http404("没有这批导入")
    return found


@login_required
def batch(request: HttpRequest, key: Any) -> HttpResponse:
    """Show the dry run: progress while reading, then every document with its match and findings."""
    found = _batch_for(request, key)
    counts = Counter(e["status"] for e in found.results)
    # Problems first: they are what the supervisor has to look at before confirming.
    rows = sorted(found.results, key=lambda e: (e["status"] == services.OK, e["name"]))
    for row in rows:
        row["status_label"] = services.STATUS_LABELS[row["status"]]
        row["errors"] = sum(1 for f in row["findings"] if f["severity"] == "error")
    context = {
        "batch": found,
        "rows": rows,
        "counts": [(services.STATUS_LABELS[s], counts.get(s, 0)) for s in services.STATUS_LABELS],
        "importable": counts.get(services.OK, 0),
        "reading": found.status == ImportBatch.Status.READING,
    }
    return render(request, "history/batch.html", context)


@login_required
@require_POST
def confirm_import(request: HttpRequest, key: Any) -> HttpResponse:
    found = _batch_for(request, key)
    try:
        count = services.confirm(found, request.user)
    except WorkflowError as exc:
        messages.error(request, f"未导入任何报表：{exc.message}")
    except OSError:
        messages.error(request, "未导入任何报表：读取或保存文件时出错，请稍后重试或重新上传")
    else:
        messages.success(request, f"已导入 {count} 份历年报表，标记为“导入”，可在各网站的历史记录中查看。")
    return redirect("history:batch", key=found.key)
