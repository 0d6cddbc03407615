"""What the public may see: the last published revision of a report, never a draft or a correction in work."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from nianbao.forms import Template
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


def public_core(report: Report, revision: Revision, template: Template | None = None) -> CoreReport:
    """Return the report as it was published in this revision (the stored snapshot, not today's values).

    `template` is the report's, when the caller has it already: reading `report.template` may query the
    database, which a caller in another thread must not do.
    """
    core = CoreReport(template or report.template)
    decode_values(core, dict(revision.snapshot or {}))
    return core


def snapshot_publish_date(revision: Revision) -> dt.date | None:
    """Return the 公开时间 the published revision itself states (basic.publish_date), or None.

    This is the date every page shows as 公开时间: the one printed in the report, not the moment the
    publication was registered in the system (Revision.published_at), which can be days or years later.
    """
    plain = (revision.snapshot or {}).get("basic.publish_date")
    if isinstance(plain, str):
        try:
            return dt.date.fromisoformat(plain)
        except ValueError:
            return None
    return None


def shown_publish_date(revision: Revision) -> dt.date | None:
    """Return the 公开时间 to show for a revision: the report's own, else the day it was registered."""
    found = snapshot_publish_date(revision)
    if found is None and revision.published_at is not None:
        found = timezone.localdate(revision.published_at)
    return found


def publish_dates(reports: list[Report]) -> dict[int, dt.date]:
    """Return the shown 公开时间 of the latest published revision of each report, in one query."""
    revisions = (
        Revision.objects.filter(report__in=reports, published_at__isnull=False, snapshot__isnull=False)
        .order_by("report_id", "number")
        .only("report_id", "number", "snapshot", "published_at")
    )
    latest = {r.report_id: r for r in revisions}  # ordered by number: the last one wins
    return {rid: d for rid, r in latest.items() if (d := shown_publish_date(r)) is not None}
