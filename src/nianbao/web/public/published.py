"""What the public may see: the last published revision of a report, never a draft or a correction in work."""

from __future__ import annotations

from django.db.models import QuerySet

from nianbao.report import Report as CoreReport
from nianbao.report.codec import decode_values
from nianbao.web.reporting.models import Report, ReportingPeriod, Revision


def published_reports() -> QuerySet[Report]:
    """Return every report that has been published at least once.

    The publish step sets Report.published_at together with the revision's, and a correction keeps it, so
    this column alone says so without a subquery per report.
    """
    return Report.unscoped.filter(published_at__isnull=False)


def published_years() -> list[int]:
    """Return the years that have at least one published report, newest first."""
    years = ReportingPeriod.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [y for y in years if published_reports().filter(period__year=y).exists()]


def last_published(report: Report) -> Revision | None:
    """Return the report's latest published revision."""
    return (
        report.revisions.filter(published_at__isnull=False, snapshot__isnull=False)
        .order_by("-number")
        .first()
    )


def public_core(report: Report, revision: Revision) -> CoreReport:
    """Return the report as it was published in this revision (the stored snapshot, not today's values)."""
    core = CoreReport(report.template)
    decode_values(core, dict(revision.snapshot or {}))
    return core
