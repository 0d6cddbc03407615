"""A report written in the text layout reads back as the same report, all three states included."""

from hypothesis import HealthCheck, given, settings

from nianbao.io.text import TextReader, TextWriter
from nianbao.report import Report
from strategies import reports


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_a_generated_report_reads_back_unchanged(report: Report):
    result = TextReader().read(TextWriter().write(report), name="报表.txt")
    assert result.report == report
    assert [f for f in result.findings if f.code.startswith(("E-READ", "W-READ"))] == []


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_the_appendix_is_skipped_on_reading(report: Report):
    result = TextReader().read(TextWriter().write(report, appendix=True), name="报表.txt")
    assert result.report == report
