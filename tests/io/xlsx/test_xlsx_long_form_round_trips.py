"""The long form (sheet 明细) gives back exactly the report that was written, all three states included."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from nianbao.io.xlsx import XlsxReader, XlsxWriter
from nianbao.report import Report
from tests.core.seed_values import SEED_VALUES
from tests.io.samples import TEMPLATE, seed_like
from tests.strategies import reports


def read_back(report: Report) -> Report | None:
    result = XlsxReader().read(XlsxWriter().write(report), name="报表.xlsx")
    # The form sheet is read too and compared: any disagreement would be reported here.
    assert result.findings == []
    return result.report


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_it_round_trips_generated_reports(report):
    assert read_back(report) == report


def test_it_round_trips_the_seed():
    seed = Report(TEMPLATE, dict(SEED_VALUES))
    assert read_back(seed) == seed


def test_it_round_trips_an_empty_report():
    empty = Report(TEMPLATE)
    assert read_back(empty) == empty


def test_it_round_trips_the_seed_like_report_with_appendix():
    report = seed_like()
    data = XlsxWriter().write(report, appendix=True)
    assert XlsxReader().read(data, name="报表.xlsx").report == report
