"""What cannot be placed is reported with its location, never guessed: stray values, lone labels, repeats."""

from nianbao.io.text import TextReader
from nianbao.report import BLANK
from seed_fixture import seed_bytes
from tests.io.placement_helpers import place


def _seed_with(line_number: int, inserted: str) -> bytes:
    lines = seed_bytes().decode("utf-8").split("\n")
    lines.insert(line_number - 1, inserted)
    return "\n".join(lines).encode("utf-8")


def test_a_stray_cell_in_the_seed_is_reported_with_its_line_and_nothing_moves():
    # After 维护数量 11 (line 53) a cell no label asks for.
    data = _seed_with(54, "\t多出来的一格")
    result = TextReader().read(data, name="报表.txt")
    stray = [f for f in result.findings if f.code == "W-READ-UNPLACED"]
    assert [(f.line, "多出来的一格" in f.message) for f in stray] == [(54, True)]
    reference = TextReader().read(seed_bytes(), name="报表.txt").report
    assert result.report == reference


def test_a_value_with_no_label_is_reported():
    result = place(["网站名称", "甲网站"], ["孤零零的值"])
    assert result.report.get("basic.site_name").data == "甲网站"
    [finding] = result.findings
    assert (finding.code, finding.line) == ("W-READ-UNPLACED", 2)
    assert "孤零零的值" in finding.message


def test_a_label_with_no_value_is_reported_and_left_blank():
    result = place(["网站名称", "甲网站"], ["首页网址"], ["主办单位", "甲单位"])
    assert result.report.get("basic.home_url") == BLANK
    assert result.report.get("basic.sponsor").data == "甲单位"
    [finding] = result.findings
    assert (finding.code, finding.line, finding.items) == ("W-READ-NO-VALUE", 2, ("basic.home_url",))
    assert "首页网址" in finding.message


def test_an_item_given_twice_with_different_values_is_an_error_keeping_the_first():
    result = place(["网站名称", "甲网站"], ["网站名称", "乙网站"])
    assert result.report.get("basic.site_name").data == "甲网站"
    [finding] = result.findings
    assert (finding.code, finding.line, finding.is_error) == ("E-READ-DUPLICATE", 2, True)
    assert "甲网站" in finding.message and "乙网站" in finding.message


def test_an_item_given_twice_alike_is_no_finding():
    result = place(["网站名称", "甲网站"], ["网站名称", " 甲网站 "])
    assert result.findings == []


def test_an_empty_cell_right_after_a_label_is_blank_without_a_finding():
    result = place(["网站名称", "", "首页网址", "http://a.gov.cn/"])
    assert result.report.get("basic.site_name") == BLANK
    assert result.report.get("basic.home_url").data == "http://a.gov.cn/"
    assert result.findings == []


def test_a_cell_without_line_names_its_place_in_the_message():
    from nianbao.io.base import Cell
    from nianbao.io.placement import place_cells
    from tests.io.placement_helpers import TEMPLATE

    result = place_cells([Cell("网站名称"), Cell("甲"), Cell("孤值", where="表格1第3行第2列")], TEMPLATE)
    [finding] = result.findings
    assert finding.line is None
    assert finding.message.startswith("表格1第3行第2列：")


def test_the_result_says_which_line_each_item_was_read_from():
    result = TextReader().read(seed_bytes(), name="报表.txt")
    assert result.lines["basic.site_name"] == 7
    assert result.lines["access.uv"] == 41
    assert result.lines["innovation.features"] == 310  # its first option's answer
    assert result.lines["signature.head"] == 329
