"""A CSV that holds no report is refused in Chinese; unknown keys and repeated keys are reported by line."""

import pytest

from nianbao.io.base import ReadError
from nianbao.io.csv import CsvReader


def test_a_csv_of_something_else_is_not_a_report():
    with pytest.raises(ReadError, match=r"^价格\.csv：未找到报表内容"):
        CsvReader().read("品名,价格\n苹果,5\n".encode(), name="价格.csv")


def test_keys_no_template_knows_are_not_a_report():
    with pytest.raises(ReadError, match="key 列中没有任何模板认识的项目"):
        CsvReader().read(b"key,value\nx.y,1\n", name="a.csv")


def test_an_unknown_key_and_a_repeated_key_are_reported_with_their_lines():
    data = b"key,value\naccess.uv,5\nx.y,1\naccess.uv,6\n"
    result = CsvReader().read(data, name="a.csv")
    assert result.report.get("access.uv").data == 5
    assert [(f.code, f.line) for f in result.findings] == [("W-CSV-UNKNOWN-KEY", 3), ("E-READ-DUPLICATE", 4)]
