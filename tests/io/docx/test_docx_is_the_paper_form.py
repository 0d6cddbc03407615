"""The Word file is the paper form: a real table with merged cells, A4 with a seal margin, Chinese fonts."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from nianbao.io.docx import DocxWriter
from tests.io.samples import seed_like


@pytest.fixture(scope="module")
def document():
    return docx.Document(io.BytesIO(DocxWriter().write(seed_like())))


def tc_text(tc):
    return "".join(tc.xpath(".//w:t/text()"))


def texts(document):
    return [p.text for p in document.paragraphs]


def test_the_title_year_and_unit_lines_come_first(document):
    assert texts(document)[:3] == [
        "广西政府网站工作年度报表",
        "（2020年度）",
        "填报单位（盖章）：示例市城市管理局",
    ]


def test_the_form_is_one_table_of_eight_columns(document):
    assert len(document.tables) == 1
    assert len(document.tables[0].columns) == 8


def test_section_headers_are_merged_down_their_rows(document):
    table = document.tables[0]
    body = table._tbl
    restarts = body.xpath(".//w:tc[w:tcPr/w:vMerge[@w:val='restart']]")
    first_texts = [tc_text(tc) for tc in restarts]
    assert "信息发布（单位：条）" in first_texts
    assert "互动交流" in first_texts
    # python-docx sees the merged cell in each row it covers: the same cell, not a copy
    column = [cell._tc for cell in table.columns[0].cells]
    info = [tc for tc in column if tc_text(tc) == "信息发布（单位：条）"]
    assert len(info) == 4 and len(set(map(id, info))) == 1


def test_values_span_the_value_columns(document):
    spans = document.tables[0]._tbl.xpath(".//w:gridSpan/@w:val")
    assert "4" in spans


def test_the_page_is_a4_portrait_with_a_wide_top_margin(document):
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert section.top_margin >= Mm(25)
    assert section.left_margin >= Mm(20)


def test_runs_name_an_east_asian_font(document):
    fonts = {
        r.get(qn("w:eastAsia"))
        for r in document.element.body.iter(qn("w:rFonts"))
        if r.get(qn("w:eastAsia")) is not None
    }
    assert fonts == {"宋体", "仿宋_GB2312"}


def test_the_font_table_offers_fallbacks(document):
    part = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    assert "仿宋_GB2312".encode() in part.blob and b"SimSun" in part.blob


def test_ticks_wu_signature_and_notes_are_printed(document):
    table_text = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "☑部门网站" in table_text
    assert "□是　　　☑否" in table_text
    assert "\n无\n" in table_text
    after = texts(document)[3:]
    # Two lines: the people, then telephone and date (the five fields do not fit one line of A4).
    assert after[0] == "单位负责人：张示例\t\t审核人：李示例\t\t填报人：王示例"
    assert after[1] == "联系电话：0777-2862235\t\t填报时间：2021年1月15日"
    assert after[2].startswith("注：1．")


def test_the_appendix_is_only_there_when_asked(document):
    assert "填写说明" not in texts(document)
    with_appendix = docx.Document(io.BytesIO(DocxWriter().write(seed_like(), appendix=True)))
    paragraphs = texts(with_appendix)
    assert "填写说明" in paragraphs
    assert "一、基本信息" in paragraphs


def test_the_document_properties_name_the_form_in_chinese(document):
    assert document.core_properties.title == "广西政府网站工作年度报表"
    assert document.core_properties.language == "zh-CN"
