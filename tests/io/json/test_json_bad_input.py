"""JSON that is not a report is refused with a Chinese message; keys the template lacks are reported."""

import pytest

from nianbao.io.base import ReadError
from nianbao.io.json import read_report
from nianbao.io.registry import read_bytes


def test_text_that_is_not_json_is_refused_with_where_it_breaks():
    with pytest.raises(ReadError, match="不是有效的 JSON（第1行"):
        read_report(b"{not json")


def test_json_without_values_is_not_a_report():
    with pytest.raises(ReadError, match="没有报表内容"):
        read_report(b'{"a": 1}')


def test_an_unknown_template_is_named():
    with pytest.raises(ReadError, match="未知的报表模板“gx-1999”"):
        read_report(b'{"template": "gx-1999", "values": {}}')


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ReadError, match="文件不存在"):
        read_report(tmp_path / "没有.json")


def test_a_key_the_template_lacks_is_a_warning_and_the_rest_is_read():
    result = read_bytes(b'{"template": "gx-2020", "values": {"access.uv": 5, "x.y": 1}}', "a.json")
    assert result.report.get("access.uv").data == 5
    assert [f.code for f in result.findings] == ["W-JSON-UNKNOWN-KEY"]


def test_an_object_for_a_count_is_an_error():
    with pytest.raises(ReadError, match="独立用户访问总量"):
        read_report(b'{"template": "gx-2020", "values": {"access.uv": {"selected": []}}}')
