"""Registry pages: the websites a user may see, and the supervisor's directory import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from nianbao.web.registry.directory import DirectoryError, import_directory, read_table
from nianbao.web.registry.models import Region, Role, Website

MAX_DIRECTORY_BYTES = 5 * 1024 * 1024


@login_required
@require_safe
def websites(request: HttpRequest) -> HttpResponse:
    """List the websites the user works on or supervises."""
    sites = Website.objects.for_user(request.user).select_related("region", "sponsor", "organizer")[:2000]
    return render(request, "registry/websites.html", {"websites": sites})


@login_required
@require_http_methods(["GET", "POST"])
def directory_import(request: HttpRequest) -> HttpResponse:
    """Import the site directory for a supervised region: first a dry run, then the same file applied."""
    regions = Region.objects.filter(roles__user=request.user, roles__role=Role.SUPERVISOR).distinct()
    if not regions:
        return render(
            request, "reporting/refused.html", {"message": "只有监管人员可以导入网站名录"}, status=403
        )
    context: dict[str, object] = {"regions": regions}
    if request.method == "POST":
        upload = request.FILES.get("directory")
        try:
            region = regions.get(pk=int(request.POST.get("region", "0")))
            if upload is None:
                raise DirectoryError("请选择 CSV 或 XLSX 文件")
            if upload.size > MAX_DIRECTORY_BYTES:
                raise DirectoryError("文件过大，名录文件不应超过 5 MB")
            rows = read_table(upload.read(), upload.name)
            apply = request.POST.get("apply") == "1"
            context["result"] = import_directory(rows, region, apply=apply)
            context["region"] = region
        except (Region.DoesNotExist, ValueError) as exc:
            context["error"] = str(exc) if isinstance(exc, DirectoryError) else "请选择您监管的地区"
    return render(request, "registry/import.html", context)
