"""What the reporting views share: finding a report the user may see, and last year's report."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from nianbao.report import Report as CoreReport
from nianbao.web.reporting.models import Report


def report_for(request: HttpRequest, pk: int) -> Report:
    """Return the report if the signed-in user may see it; 404 otherwise (no hint that it exists)."""
    try:
        return (
            Report.objects.for_user(request.user)
            .select_related("website__region", "website__sponsor", "period", "submitted_by")
            .get(pk=pk)
        )
    except Report.DoesNotExist:
        raise Http404("没有找到该报表，或您无权查看") from None


def last_year(report: Report) -> CoreReport | None:
    """Return the same website's report of the previous year, when there is one."""
    previous = (
        Report.unscoped.filter(website=report.website, period__year=report.period.year - 1)
        .select_related("period")
        .first()
    )
    return previous.core() if previous else None
