"""Writing a report as Word and reading it back gives the same report, all three value states included."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from nianbao.io.docx import DocxReader, DocxWriter
from nianbao.report import Report
from tests.core.seed_values import SEED_VALUES
from tests.io.samples import TEMPLATE, seed_like
from tests.strategies import reports


def read_back(report: Report, appendix: bool = False) -> Report | None:
    result = DocxReader().read(DocxWriter().write(report, appendix=appendix), name="报表.docx")
    assert result.findings == []
    return result.report


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_it_round_trips_generated_reports(report):
    assert read_back(report) == report


def test_it_round_trips_the_seed():
    seed = Report(TEMPLATE, dict(SEED_VALUES))
    assert read_back(seed) == seed


def test_the_appendix_is_not_read_as_values():
    report = seed_like()
    assert read_back(report, appendix=True) == report


def test_a_report_of_nothing_but_wu_round_trips():
    from nianbao.report import NONE

    report = Report(TEMPLATE, {item.key: NONE for item in TEMPLATE.items})
    assert read_back(report) == report
