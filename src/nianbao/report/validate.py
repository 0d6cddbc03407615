"""Check a report: each item on its own, computed items against their inputs, and the template's rules."""

from __future__ import annotations

from nianbao.report.checks import check_value, check_year
from nianbao.report.computed import check_computed, compute_items
from nianbao.report.findings import Finding
from nianbao.report.report import Report
from nianbao.report.rules import run_rules

__all__ = ["compute_items", "validate"]


def validate(report: Report) -> list[Finding]:
    """Return every finding on a report: item formats first (in printed order), then cross-item checks."""
    template = report.template
    findings: list[Finding] = []
    for item, value in report:
        findings.extend(check_value(template, item, value))
    if template.has_item("header.year"):
        findings.extend(check_year(template, report.get("header.year")))
    findings.extend(check_computed(report))
    findings.extend(run_rules(report))
    return findings
