"""Writing a report as PDF and reading it back gives the same report, all three value states included."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from nianbao.io.pdf import PdfReader, PdfWriter
from nianbao.report.report import Report
from tests.core.seed_values import SEED_VALUES
from tests.io.samples import TEMPLATE, seed_like
from tests.strategies import reports


def _round_trip(report: Report, *, appendix: bool = False) -> Report:
    result = PdfReader().read(PdfWriter().write(report, appendix=appendix), name="report.pdf")
    assert result.report is not None, result.findings
    return result.report


def _differences(a: Report, b: Report) -> list[str]:
    return [f"{k}: {a.get(k)!r} != {b.get(k)!r}" for k in a.template.keys if a.get(k) != b.get(k)]


# Each example writes and reads a PDF (about a tenth of a second), so the examples are fewer than for HTML.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_any_report_comes_back_unchanged(report):
    assert _differences(report, _round_trip(report)) == []


def test_the_seed_comes_back_unchanged_with_the_appendix():
    report = Report(TEMPLATE, dict(SEED_VALUES))
    assert _differences(report, _round_trip(report, appendix=True)) == []


def test_the_seed_like_report_and_an_empty_one_come_back_unchanged():
    assert _differences(seed_like(), _round_trip(seed_like())) == []
    assert _round_trip(Report(TEMPLATE)).values == {}
