"""Checking reports and recording the results: one report, or every published report of a region's year."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.db.models import F, Max
from django.utils import timezone

from nianbao.publication import CheckResult, check_publication
from nianbao.publication.batch import Target, check_many
from nianbao.publication.locate import CONTENT_TYPES
from nianbao.web.oversight.data import region_reports
from nianbao.web.public.published import last_published, public_core
from nianbao.web.registry.models import Region
from nianbao.web.reporting.models import Report, Revision
from nianbao.web.verification import conf
from nianbao.web.verification.models import PublicationCheck, PublicationRun, evidence_path

EXTENSIONS = {"html": "html", "pdf": "pdf", "docx": "docx", "xlsx": "xlsx"}


def record(report: Report, revision: Revision | None, result: CheckResult, run: PublicationRun | None = None):
    """Store one check with its evidence file (the fetched document, cut at the evidence limit)."""
    check = PublicationCheck(
        report=report,
        revision=revision,
        run=run,
        checked_at=result.started_at,
        outcome=result.outcome.value,
        reason=result.reason,
        message=result.message[:2000],
        public_url=result.public_url[:1000],
        final_url=result.final_url[:2000],
        document_url=result.document_url[:2000],
        home_url=result.home_url[:1000],
        home_linked=result.home_linked,
        sha256=result.sha256,
        size=result.size,
        details=result.to_dict(),
    )
    if result.evidence:
        mime = result.content_type.split(";", 1)[0].strip().lower()
        extension = EXTENSIONS.get(CONTENT_TYPES.get(mime, ""), "bin")
        # Stored by content: a page checked every day of the window and unchanged is kept once.
        name = evidence_path(check, f"{result.sha256}.{extension}")
        if check.evidence.storage.exists(name):
            check.evidence.name = name
        else:
            check.evidence.save(f"{result.sha256}.{extension}", ContentFile(result.evidence), save=False)
    check.save()
    return check


def _target(report: Report) -> tuple[Target, Revision] | None:
    revision = last_published(report)
    if revision is None:
        return None
    url = revision.public_url or report.public_url
    # The approved values are built when the check runs, in a worker thread of check_many, which must not
    # touch the database (its connection would never be closed): the template, whose title may need a
    # query, is taken here.
    template = report.template
    return Target(
        report.pk, url, report.website.home_url, lambda: public_core(report, revision, template)
    ), revision


def check_report(report: Report, run: PublicationRun | None = None) -> PublicationCheck | None:
    """Check one report now; None when it has never been published (nothing to compare with)."""
    found = _target(report)
    if found is None:
        return None
    target, revision = found
    result = check_publication(target.public_url, target.home_url, target.approved(), conf.fetch_policy())
    return record(report, revision, result, run)


def published_in(region: Region, year: int):
    """Return the reports of a region's year that have been published (only those can be checked)."""
    return (
        region_reports(region, year)
        .filter(published_at__isnull=False)
        .select_related("website", "period")
        .order_by("pk")
    )


def start_run(region: Region, year: int, user=None) -> PublicationRun:
    """Create a run for a region's year and hand it to the background worker."""
    from nianbao.web.verification.tasks import enqueue_run

    run = PublicationRun.objects.create(
        region=region, year=year, created_by=user, total=published_in(region, year).count()
    )
    enqueue_run(run)
    run.refresh_from_db()
    return run


def execute_run(
    run_id: int,
    progress: Callable[[Report, PublicationCheck], None] | None = None,
    budget: float | None = None,
) -> PublicationRun:
    """Check every published report of the run's region and year that this run has not checked yet.

    Safe to call again for the same run: after a worker restart the job is delivered again and carries on
    where it stopped, because reports checked under this run are skipped. With a `budget` (seconds) no
    new check starts after that long; the run stays 进行中 and the caller queues the rest.
    """
    end = None if budget is None else time.monotonic() + budget
    run = PublicationRun.objects.select_related("region").get(pk=run_id)
    if run.status == PublicationRun.Status.DONE:
        return run
    reports = published_in(run.region, run.year)
    checked = set(run.checks.values_list("report_id", flat=True))
    PublicationRun.objects.filter(pk=run.pk).update(
        status=PublicationRun.Status.RUNNING,
        started_at=run.started_at or timezone.now(),
        touched_at=timezone.now(),
        total=reports.count(),
        done=len(checked),
    )
    try:
        pending = {r.pk: r for r in reports if r.pk not in checked}
        targets: list[Target] = []
        revisions: dict[int, Revision] = {}
        for report in pending.values():
            found = _target(report)
            if found is not None:
                targets.append(found[0])
                revisions[report.pk] = found[1]
        policy = conf.fetch_policy()
        stop = None if end is None else (lambda: time.monotonic() > end)
        finished = 0
        for key, result in check_many(targets, policy, workers=conf.workers(), stop=stop):
            finished += 1
            report = pending[key]  # type: ignore[index]
            check = record(report, revisions[report.pk], result, run)
            if progress is not None:
                progress(report, check)
            PublicationRun.objects.filter(pk=run.pk).update(done=F("done") + 1, touched_at=timezone.now())
    except Exception as exc:
        PublicationRun.objects.filter(pk=run.pk).update(
            status=PublicationRun.Status.FAILED, finished_at=timezone.now(), message=f"核验中断：{exc}"[:2000]
        )
        raise
    if finished < len(targets):
        run.refresh_from_db()
        return run  # the budget ran out: still running, the rest is queued by the caller
    counts = Counter(run.checks.values_list("outcome", flat=True))
    PublicationRun.objects.filter(pk=run.pk).update(
        status=PublicationRun.Status.DONE, finished_at=timezone.now(), counts=dict(counts)
    )
    run.refresh_from_db()
    return run


def latest_checks(report_ids: Iterable[int]) -> dict[int, PublicationCheck]:
    """Return the last check of each report (the newest row per report), in two queries."""
    ids = list(report_ids)
    if not ids:
        return {}
    # Rows are written as checks finish, so the highest id is the last check; asking for it per report keeps
    # a whole publication window of daily checks (90 × 600 rows) out of memory.
    last_ids = (
        PublicationCheck.objects.filter(report_id__in=ids)
        .values("report_id")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    rows = PublicationCheck.objects.filter(id__in=list(last_ids)).only(
        "report_id", "checked_at", "outcome", "home_linked", "reason", "message", "details", "id"
    )
    return {check.report_id: check for check in rows}


def last_run(region: Region, year: int) -> PublicationRun | None:
    return PublicationRun.objects.filter(region=region, year=year).first()


# A run with no progress for this long is taken as lost (its job gone with a database restore, say), so it
# no longer keeps a region from being checked; a job that turns up later still completes it.
STALE = dt.timedelta(minutes=30)


def active_run(region: Region, year: int) -> PublicationRun | None:
    """Return the region's queued or running run, if one is still alive; a stale one is marked failed."""
    run = PublicationRun.objects.filter(region=region, year=year, status__in=["queued", "running"]).first()
    if run is None:
        return None
    if timezone.now() - (run.touched_at or run.created_at) > STALE:
        PublicationRun.objects.filter(pk=run.pk).update(
            status=PublicationRun.Status.FAILED,
            finished_at=timezone.now(),
            message="超过 30 分钟没有进展，视为中断；可以重新发起核验",
        )
        return None
    return run


def overdue(deadline: dt.date, today: dt.date | None = None) -> bool:
    return (today or timezone.localdate()) > deadline
