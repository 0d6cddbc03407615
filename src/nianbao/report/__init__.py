"""A filled report: three-state values, findings and validation."""

from nianbao.report.findings import Finding, Severity, has_errors
from nianbao.report.report import Report
from nianbao.report.values import BLANK, NONE, NONE_TEXT, MultiChoice, State, Value

__all__ = [
    "BLANK",
    "NONE",
    "NONE_TEXT",
    "Finding",
    "MultiChoice",
    "Report",
    "Severity",
    "State",
    "Value",
    "has_errors",
]
