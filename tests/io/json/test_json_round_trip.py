"""JSON keeps every report exactly: all three states, typed values and typed-but-unparseable text."""

import json

from hypothesis import HealthCheck, given, settings

from nianbao.io.json import dumps, read_report, write_report
from nianbao.io.registry import read_bytes
from nianbao.report import Report
from seed_fixture import seed_report
from strategies import reports


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_a_generated_report_reads_back_unchanged(report: Report):
    assert read_report(dumps(report).encode("utf-8")) == report


def test_a_file_written_reads_back_through_the_registry(tmp_path):
    path = tmp_path / "报表.json"
    write_report(seed_report(), path)
    assert read_report(path) == seed_report()
    assert read_bytes(path.read_bytes(), "报表.json").report == seed_report()


def test_the_document_names_template_year_and_every_item():
    document = json.loads(dumps(seed_report()))
    assert document["template"] == "gx-2020"
    assert document["year"] == 2020
    assert len(document["values"]) == 79
    assert document["values"]["access.uv"] == 23324
    assert document["values"]["interpret.products"] == "无"
    features = {"selected": ["搜索即服务", "无障碍浏览"], "other": None}
    assert document["values"]["innovation.features"] == features
