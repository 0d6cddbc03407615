"""A new year's template (an item added, one renamed) goes through the text layout with no code change."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings

from nianbao.forms.template import load_template_file
from nianbao.io.text import TextReader, TextWriter
from strategies import reports

TEMPLATE = load_template_file(Path(__file__).parents[2] / "core" / "templates" / "gx-2021.toml")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(TEMPLATE))
def test_a_gx_2021_report_reads_back_unchanged(report):
    result = TextReader().read(TextWriter().write(report), name="2021.txt", template=TEMPLATE)
    assert result.report == report
