"""Shapes a published table takes: row groups, split boxes, 创新发展 two ways, header, signature."""

import datetime as dt

from nianbao.io.placement import place_cells
from nianbao.report import BLANK, NONE, MultiChoice, Value
from tests.io.placement_helpers import place, rows


def test_a_row_of_values_matches_the_labels_above_by_position_blank_included():
    result = place(
        ["互动交流", "征集调查", "征集调查期数（单位：期）", "收到意见数量", "公布调查结果数量", "参与人数"],
        ["", "", "3", "", "无", "120"],
    )
    got = result.report
    assert got.get("interaction.survey.periods").data == 3
    assert got.get("interaction.survey.opinions") == BLANK
    assert got.get("interaction.survey.results") == NONE
    assert got.get("interaction.survey.participants").data == 120
    assert result.findings == []


def test_a_row_of_values_without_the_leading_empty_cells_still_lines_up():
    # HTML and DOCX give a merged header cell once: the values row is shorter than the labels row.
    result = place(
        ["用户访问", "独立用户访问总量（UV 单位：个）", "网站总访问量（PV 单位：次）"], ["1.2万", "30,000"]
    )
    assert result.report.get("access.uv").data == 12000
    assert result.report.get("access.pv").data == 30000


def test_without_rows_values_fill_pending_labels_in_order():
    from nianbao.io.base import Cell
    from tests.io.placement_helpers import TEMPLATE

    cells = [Cell(t) for t in ("用户访问", "独立用户访问总量", "网站总访问量", "", "5", "6")]
    result = place_cells(cells, TEMPLATE)
    assert (result.report.get("access.uv").data, result.report.get("access.pv").data) == (5, 6)


def test_innovation_as_one_cell_of_ticks():
    result = place(["创新发展", "☑搜索即服务 □多语言版本 ☑无障碍浏览 □千人千网 ☑其他：甲功能"])
    assert result.report.get("innovation.features") == Value.of(
        MultiChoice(("搜索即服务", "无障碍浏览"), "甲功能")
    )


def test_innovation_per_option_with_ticks_and_all_no_is_none():
    ticked = place(["创新发展", "搜索即服务", "√"], ["", "多语言版本", "□"], ["", "其他", "无"])
    assert ticked.report.get("innovation.features") == Value.of(MultiChoice(("搜索即服务",), None))
    nothing = place(["创新发展", "搜索即服务", "无"], ["", "其他", "无"])
    assert nothing.report.get("innovation.features") == NONE


def test_the_header_lines_give_the_unit_and_the_year():
    result = place(
        "广西政府网站工作年度报表", "（2020年度）", "填报单位（盖章）：甲市甲局", ["网站名称", "甲"]
    )
    assert result.report.get("header.unit").data == "甲市甲局"
    assert result.report.get("header.year").data == "2020"


def test_the_signature_line_in_one_cell():
    result = place(
        "单位负责人：甲一  审核人：甲二   填报人：甲三  联系电话： 0777-2862235   填报时间：2021-01-15"
    )
    got = result.report
    assert [got.get(k).data for k in ("signature.head", "signature.reviewer", "signature.filler")] == [
        "甲一",
        "甲二",
        "甲三",
    ]
    assert got.get("signature.phone").data == "0777-2862235"
    assert got.get("signature.date").data == dt.date(2021, 1, 15)


def test_the_signature_spread_over_cells_with_names_after_the_labels():
    result = place(["单位负责人：", "甲一", "审核人：甲二", "填报人", "甲三", "填报时间：", ""])
    got = result.report
    assert [got.get(k).data for k in ("signature.head", "signature.reviewer", "signature.filler")] == [
        "甲一",
        "甲二",
        "甲三",
    ]
    assert got.get("signature.date") == BLANK
    assert result.findings == []


def test_notes_and_the_appendix_are_recognised_and_skipped():
    result = place(
        ["网站名称", "甲"],
        "注：1．各级各类政府网站根据工作开展实际填写。",
        "2．填写数据时应一并填写单位。",
        "填写说明",
        "1.网站名称：请填写网站的中文名称。",
        ["首页网址", "http://wrong.example/"],
    )
    assert result.report.get("basic.site_name").data == "甲"
    assert result.report.get("basic.home_url") == BLANK
    assert result.findings == []


def test_labels_written_with_line_breaks_full_width_and_unit_notes_match():
    result = place(
        ["回应公众关注热点或\n\n重大舆情数量（单位：次）", "３"],
        ["按时办结率\n\n（%）", "95.5%"],
        ["网 站 名 称", "甲"],
    )
    got = result.report
    assert got.get("interpret.responses").data == 3
    assert str(got.get("interaction.messages.on_time_rate").data) == "95.5"
    assert got.get("basic.site_name").data == "甲"
    assert rows("a")[0].row == 1


def test_a_label_split_over_two_cells_is_joined():
    result = place(["", "回应公众关注热点或", "重大舆情数量（单位：次）", "4"], ["网站名称", "甲"])
    assert result.report.get("interpret.responses").data == 4
    assert result.findings == []


def test_a_label_split_over_two_rows_is_joined():
    result = place(["回应公众关注热点或"], ["重大舆情数量（单位：次）"], ["无"], ["网站名称", "甲"])
    assert result.report.get("interpret.responses").is_none
    assert result.findings == []


def test_the_year_on_the_title_line_is_read():
    result = place("广西政府网站工作年度报表（2020年度）", ["网站名称", "甲"])
    assert result.report.get("header.year").data == "2020"
    assert result.findings == []


def test_numbering_before_section_and_item_names_is_ignored():
    result = place(
        ["二、信息发布", "1.总数", "551"], ["（一）微博", "名称", "甲博"], ["（2）概况类信息更新量", "7"]
    )
    got = result.report
    assert (got.get("info.total").data, got.get("media.weibo.name").data) == (551, "甲博")
    assert got.get("info.overview").data == 7
    assert result.findings == []


def test_labels_and_values_on_one_line_with_spaces_and_no_colon():
    result = place("网站名称 甲市甲局网站 公开时间 2021年1月15日", "单位负责人 甲一 审核人 甲二")
    got = result.report
    assert got.get("basic.site_name").data == "甲市甲局网站"
    assert got.get("basic.publish_date").data == dt.date(2021, 1, 15)
    assert (got.get("signature.head").data, got.get("signature.reviewer").data) == ("甲一", "甲二")
    assert result.findings == []
