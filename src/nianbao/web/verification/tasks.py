"""The background jobs, through django-q2: with its ORM broker the queue is a table in nianbao's own
database, so no other server is needed and queued or interrupted runs survive a restart.

A region's run works in slices of JOB_BUDGET seconds and queues its own continuation: each job ends well
within Q_CLUSTER["timeout"], so the broker's `retry` (after which a job whose worker died is handed out
again) can be short, and a run of any size carries on soon after a restart.
"""

from __future__ import annotations

from django_q.tasks import async_task

from nianbao.web.verification.models import PublicationRun

JOB_BUDGET = 10 * 60  # seconds of new checks per job; a check itself ends within its own time limit


def run_job(run_id: int) -> str:
    """The job the worker runs (by its dotted name, so a queued job survives a code reload)."""
    from nianbao.web.verification.services import execute_run

    run = execute_run(run_id, budget=JOB_BUDGET)
    if run.active:
        enqueue_run(run)
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
