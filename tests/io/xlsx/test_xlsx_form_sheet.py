"""Sheet 报表 is the official form: merged cells, borders, numbers as numbers, A4 portrait fit to width."""

from __future__ import annotations

import io

import openpyxl
import pytest

from nianbao.io.xlsx import XlsxWriter
from tests.io.samples import seed_like


@pytest.fixture(scope="module")
def workbook():
    return openpyxl.load_workbook(io.BytesIO(XlsxWriter().write(seed_like(), appendix=True)))


def find(ws, text):
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def test_the_sheets_are_the_form_the_long_form_and_the_instructions(workbook):
    assert workbook.sheetnames == ["报表", "明细", "填写说明"]


def test_the_title_year_and_unit_lines_head_the_form(workbook):
    ws = workbook["报表"]
    assert ws["A1"].value == "广西政府网站工作年度报表"
    assert ws["A2"].value == "（2020年度）"
    assert ws["A3"].value == "填报单位（盖章）：示例市城市管理局"
    assert "A1:H1" in {str(r) for r in ws.merged_cells.ranges}


def test_counts_are_numbers_and_codes_stay_text(workbook):
    ws = workbook["报表"]
    uv = find(ws, 23324)
    assert uv.data_type == "n"
    assert find(ws, "4507000026").data_type == "s"
    assert find(ws, 2.5).data_type == "n"


def test_section_headers_span_their_rows_and_ticks_are_printed(workbook):
    ws = workbook["报表"]
    section = find(ws, "信息发布\n（单位：条）")  # the unit note on its own line, as on paper
    spans = [r for r in ws.merged_cells.ranges if r.min_row == section.row and r.min_col == section.column]
    assert spans and spans[0].max_row - spans[0].min_row + 1 == 4
    assert find(ws, "□是　　　☑否")
    assert find(ws, "☑二级 □三级 □未定级")


def test_every_table_cell_has_a_frame(workbook):
    ws = workbook["报表"]
    cell = find(ws, "网站名称")
    assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"


def test_print_setup_is_a4_portrait_fit_to_width(workbook):
    ws = workbook["报表"]
    assert int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0


def test_the_long_form_has_a_row_per_item_with_its_state(workbook):
    ws = workbook["明细"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("键", "栏目", "项目", "单位", "值", "状态")
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["access.uv"][2:] == ("独立用户访问总量", "个", 23324, "有值")
    assert by_key["interpret.products"][4:] == ("无", "无")
    assert by_key["service.items"][4:] == (None, "未填")
    assert by_key["service.cases.total"][1] == "办事服务 › 办件量"


def test_the_signature_line_and_notes_follow_the_table(workbook):
    ws = workbook["报表"]
    assert find(ws, "单位负责人：张示例")
    assert find(ws, "填报时间：2021年1月15日")
    assert any(str(c.value).startswith("注：1．") for row in ws.iter_rows() for c in row)
