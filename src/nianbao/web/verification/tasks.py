"""The background jobs, through django-q2: with its ORM broker the queue is a table in nianbao's own
database, so no other server is needed and queued or interrupted runs survive a restart."""

from __future__ import annotations

from django_q.tasks import async_task

from nianbao.web.verification.models import PublicationRun


def run_job(run_id: int) -> str:
    """The job the worker runs (by its dotted name, so a queued job survives a code reload)."""
    from nianbao.web.verification.services import execute_run

    run = execute_run(run_id)
    return f"{run}: {run.done}/{run.total}"


def check_job(report_id: int) -> str:
    from nianbao.web.reporting.models import Report
    from nianbao.web.verification.services import check_report

    check = check_report(Report.unscoped.select_related("website", "period").get(pk=report_id))
    return check.get_outcome_display() if check else "未公开，未核验"


def enqueue_run(run: PublicationRun) -> None:
    async_task("nianbao.web.verification.tasks.run_job", run.pk, task_name=f"publication-run-{run.pk}")


def enqueue_check(report_id: int) -> None:
    async_task("nianbao.web.verification.tasks.check_job", report_id, task_name=f"publication-{report_id}")
