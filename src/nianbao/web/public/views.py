"""Public pages of the central column: the list, each report in the official layout, downloads, site map,
and the elder-friendly mode (长者模式). No login; only published revisions are ever shown."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from nianbao.io.html import HtmlWriter
from nianbao.io.registry import get_writer, writer_formats
from nianbao.web.public.context import public
from nianbao.web.public.published import (
    last_published,
    public_core,
    publish_dates,
    published_reports,
    published_years,
    shown_publish_date,
)
from nianbao.web.registry.models import Region, SiteType, Website
from nianbao.web.reporting.models import Report

PER_PAGE = 20
DOWNLOADS = {"html": "网页（HTML）", "docx": "Word（DOCX）", "pdf": "PDF", "xlsx": "Excel（XLSX）"}
ELDER_COOKIE = "elder"


def _render(request: HttpRequest, name: str, context: dict, status: int = 200) -> HttpResponse:
    """Render a public page; ?elder=on or ?elder=off switches 长者模式 and keeps the choice in a cookie."""
    switch = request.GET.get("elder")
    shared = public(request)
    if switch in ("on", "off"):
        shared["elder"] = switch == "on"
    toggle = request.GET.copy()
    toggle["elder"] = "off" if shared["elder"] else "on"
    shared["elder_toggle"] = "?" + toggle.urlencode()
    response = render(request, name, shared | context, status=status)
    if switch == "on":
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    elif switch == "off":
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response


def offered_formats() -> dict[str, str]:
    """Return the download formats the layouts registry can write, in the order the public expects."""
    available = set(writer_formats())
    return {fmt: label for fmt, label in DOWNLOADS.items() if fmt in available}


def download_labels() -> dict[str, str]:
    """Return every format staff can download, labelled as on the public pages (e.g. Word（DOCX）)."""
    offered = offered_formats()
    return offered | {fmt: fmt.upper() for fmt in writer_formats() if fmt not in offered}


class ListFilter(forms.Form):
    year = forms.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "年度应为四位数字",
            "min_value": "没有该年度的报表",
            "max_value": "没有该年度的报表",
        },
    )
    region = forms.RegexField(
        required=False, regex=r"^\d{6}$", error_messages={"invalid": "地区应为6位行政区划代码"}
    )
    type = forms.ChoiceField(
        required=False,
        choices=[("", "全部"), *SiteType.choices],
        error_messages={"invalid_choice": "没有该网站类型"},
    )
    q = forms.CharField(required=False, max_length=50, error_messages={"max_length": "搜索词不能超过50个字"})


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """List published reports by year, region and 网站类型; search by site name or 标识码; paginated."""
    form = ListFilter(request.GET)
    reports = (
        published_reports()
        .select_related("website__region", "period")
        .order_by("-published_at", "-pk")  # newest first, from the partial index
    )
    context: dict = {"form": form}
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        if data.get("year"):
            reports = reports.filter(period__year=data["year"])
        # Selective conditions on the website are matched in the registry first, then reports by site id.
        sites = Website.unscoped.all()
        if data.get("region"):
            region = Region.objects.filter(code=data["region"]).first()
            if region is None:
                error = f"没有找到行政区划代码为 {data['region']} 的地区"
                sites = sites.none()
            else:
                sites = sites.filter(region__path__startswith=region.path)
                context["region"] = region
        if data.get("type"):
            # Not selective (a type is a third of all sites): walking the newest-first index is faster.
            reports = reports.filter(website__site_type=data["type"])
        q = (data.get("q") or "").strip()
        if q:
            sites = sites.filter(Q(name__icontains=q) | Q(code__startswith=q))
        if data.get("region") or q:
            reports = reports.filter(website_id__in=sites.values("pk"))
    else:
        error = next(iter(e for errors in form.errors.values() for e in errors))
        reports = reports.none()
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    dates = publish_dates(list(page.object_list))
    for r in page.object_list:
        r.publish_date = dates.get(r.pk)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("elder", None)
    context |= {
        "page": page,
        "error": error,
        "query": query.urlencode(),
        "regions": Region.objects.filter(level__lte=Region.Level.CITY).order_by("path"),
        "years": published_years(),
        "types": SiteType.choices,
    }
    return _render(request, "public/index.html", context, status=400 if error else 200)


def _published(pk: int) -> tuple[Report, object]:
    report = published_reports().select_related("website__region", "period").filter(pk=pk).first()
    revision = last_published(report) if report else None
    if report is None or revision is None:
        raise Http404("没有找到该报表，或该报表尚未公开")
    return report, revision


def _form_markup(html: str) -> str:
    """Return the inside of the writer's <main>: the form table, signature and notes, without the page."""
    start, end = html.find("<main>"), html.rfind("</main>")
    return html[start + len("<main>") : end] if start >= 0 and end > start else ""


@require_safe
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one published report in the official layout, with downloads and any correction note."""
    report, revision = _published(pk)
    core = public_core(report, revision)
    html = HtmlWriter().write(core).decode("utf-8")
    corrections = list(report.revisions.filter(number__gt=1, number__lte=revision.number).order_by("number"))
    for correction in corrections:
        correction.publish_date = shown_publish_date(correction)
    in_correction = report.revision > revision.number
    context = {
        "report": report,
        "revision": revision,
        "publish_date": shown_publish_date(revision),
        "form_html": mark_safe(_form_markup(html)),
        "corrections": corrections,
        "in_correction": in_correction,
        "formats": offered_formats(),
    }
    return _render(request, "public/report.html", context)


@require_safe
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Send the published revision of a report in one of the official layouts."""
    if fmt not in offered_formats():
        raise Http404("不提供该格式的下载")
    report, revision = _published(pk)
    writer = get_writer(fmt)
    data = writer.write(public_core(report, revision))
    response = HttpResponse(data, content_type=writer.mimetype)
    name = f"{report.website.code}-{report.period.year}-年度报表{writer.suffix}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """List every page of the column: by year, by region and by 网站类型."""
    years = published_years()
    regions = Region.objects.filter(level__lte=Region.Level.CITY).order_by("path")
    return _render(
        request, "public/sitemap.html", {"years": years, "regions": regions, "types": SiteType.choices}
    )
