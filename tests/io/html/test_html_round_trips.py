"""Writing a report as HTML and reading it back gives the same report, all three value states included."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from nianbao.io.html import HtmlReader, HtmlWriter
from nianbao.report.report import Report
from tests.core.seed_values import SEED_VALUES
from tests.io.samples import seed_like
from tests.strategies import reports


def _round_trip(report: Report, *, appendix: bool = False) -> Report:
    result = HtmlReader().read(HtmlWriter().write(report, appendix=appendix), name="report.html")
    assert result.report is not None, result.findings
    return result.report


def _differences(a: Report, b: Report) -> list[str]:
    return [f"{k}: {a.get(k)!r} != {b.get(k)!r}" for k in a.template.keys if a.get(k) != b.get(k)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_any_report_comes_back_unchanged(report):
    assert _differences(report, _round_trip(report)) == []


def test_the_seed_like_report_comes_back_unchanged_with_and_without_the_appendix():
    report = seed_like()
    assert _differences(report, _round_trip(report)) == []
    assert _differences(report, _round_trip(report, appendix=True)) == []


def test_an_empty_report_comes_back_empty():
    report = Report(seed_like().template)
    assert _round_trip(report).values == {}


def test_the_seed_comes_back_unchanged():
    report = Report(seed_like().template, dict(SEED_VALUES))
    assert _differences(report, _round_trip(report, appendix=True)) == []
