"""What the public may see: the last published revision of a report, never a draft or a correction in work."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from nianbao.report import Report as CoreReport
from nianbao.report.codec import decode_values
from nianbao.web.reporting.models import Report, Revision


def published_reports() -> QuerySet[Report]:
    """Return every report that has been published at least once."""
    published = Revision.objects.filter(report=OuterRef("pk"), published_at__isnull=False)
    return Report.unscoped.filter(Exists(published))


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
