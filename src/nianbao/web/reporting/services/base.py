"""What every service shares: the refusal errors, the row lock, the permission check and the signal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from nianbao.web.reporting.models import Report, ValueChange
from nianbao.web.reporting.permissions import RULES, refusal, roles_on
from nianbao.web.reporting.signals import report_action


class WorkflowError(Exception):
    """An action is not allowed; the message (Chinese) says why and what to do."""

    def __init__(self, message: str, detail: dict[str, Any] | None = None, forbidden: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or {}
        # True when the user holds no role that allows the action (HTTP 403), not merely the wrong moment.
        self.forbidden = forbidden


class ConcurrentEditError(WorkflowError):
    """Someone else saved the report since this page was loaded; `changes` shows what they changed."""

    def __init__(self, message: str, changes: list[ValueChange]) -> None:
        super().__init__(message, {"changed_items": [c.key for c in changes]})
        self.changes = changes


def send(report: Report, action: str, actor: Any, outcome: str, detail: dict[str, Any]) -> None:
    """Announce an action on a report to whoever listens (the audit trail)."""
    report_action.send(
        sender=Report, report=report, action=action, actor=actor, outcome=outcome, detail=detail
    )


@contextmanager
def acting(report: Report, action: str, actor: Any) -> Iterator[Report]:
    """Lock the report's row for the length of one transaction and check the actor may take the action.

    Yields the locked, freshly read report. A refusal is announced after the transaction rolled back.
    """
    try:
        with transaction.atomic():
            locked = (
                Report.unscoped.select_for_update()
                .select_related("website__region", "period")
                .get(pk=report.pk)
            )
            roles = roles_on(actor, locked.website)
            why = refusal(action, locked.state, roles)
            if why:
                raise WorkflowError(why, forbidden=not roles & RULES[action][0])
            yield locked
    except WorkflowError as exc:
        send(report, action, actor, "refused", {"error": exc.message, **exc.detail})
        raise


def refuse_unless(condition: bool, message: str, **detail: Any) -> None:
    """Raise a WorkflowError with this message when the condition does not hold."""
    if not condition:
        raise WorkflowError(message, detail)
