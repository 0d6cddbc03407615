"""The long-form CSV reads back as the same report, all three states included."""

from hypothesis import HealthCheck, given, settings

from nianbao.io.csv import CsvReader, CsvWriter
from nianbao.report import Report
from strategies import reports


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_a_generated_report_reads_back_unchanged(report: Report):
    result = CsvReader().read(CsvWriter().write(report), name="报表.csv")
    assert result.report == report
    assert not result.findings or all(f.code == "W-NORMALISED" for f in result.findings)
