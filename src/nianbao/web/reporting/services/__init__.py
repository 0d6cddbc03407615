"""Services: each state change of a report is a named function run in one transaction with a row lock."""

from nianbao.web.reporting.services.base import ConcurrentEditError, WorkflowError
from nianbao.web.reporting.services.entry import SaveResult, save_values
from nianbao.web.reporting.services.periods import open_period
from nianbao.web.reporting.services.workflow import (
    approve,
    correct,
    publish,
    return_for_revision,
    review,
    submit,
)

__all__ = [
    "ConcurrentEditError",
    "SaveResult",
    "WorkflowError",
    "approve",
    "correct",
    "open_period",
    "publish",
    "return_for_revision",
    "review",
    "save_values",
    "submit",
]
