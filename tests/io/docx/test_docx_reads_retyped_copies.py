"""Word files retyped by hand are read: split labels, units beside values, 万, traditional characters, ticks
inserted as symbols, merged cells, content controls, page furniture and another order of sections."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from nianbao.io.docx import DocxReader
from nianbao.report import NONE, MultiChoice, Value
from tests.io.samples import TEMPLATE


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_rows(table_doc, rows):
    """Add a table of the given rows; None in a row means "merge with the cell on the left"."""
    width = max(len(r) for r in rows)
    table = table_doc.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                table.cell(r, c - 1).merge(table.cell(r, c))
            else:
                table.cell(r, c).text = text
    return table


def read(data: bytes, template=None):
    result = DocxReader().read(data, name="转载.docx", template=template)
    assert result.report is not None
    return result


def test_a_retyped_copy_with_the_usual_variations_is_read():
    document = docx.Document()
    document.add_paragraph("首页 > 政务公开 > 政府网站年度报表")  # page furniture above the form
    document.add_paragraph("廣西政府網站工作年度報表")
    document.add_paragraph("（2020 年度）")
    document.add_paragraph("填报单位（盖章）： 甲市乙局")
    add_rows(
        document,
        [
            ["网站名称", "甲市乙局网站", "公开时间", "2021.1.15"],
            ["网站类型", "□政府门户网站  √部门网站  □专项网站", "政府网站标识码", "４５０７００００２６"],
            ["用户访问", "独立用户访问总量", "（UV 单位：个）", "网站总访问量（PV 单位：次）"],
            ["", "２３，３２４", "", "12.6万"],
            ["专栏专题（单位：个）", "维护数量", "11个"],
            ["", "新开设数量", "/"],
            ["信息发布", "总数", "551条"],
            ["", "概况类信息\n更新量", "-"],
            ["办事服务", "是否发布服务事项目录", "■是 □否"],
        ],
    )
    document.add_paragraph(
        "单位负责人：甲一  审核人：甲二   填报人：甲三  联系电话： 2862235   填报时间：2021年1月15日"
    )
    document.add_paragraph("版权所有：甲市乙局  技术支持：某公司")  # page furniture below
    got = read(save(document)).report
    assert got.get("header.unit") == Value.of("甲市乙局")
    assert got.get("header.year") == Value.of("2020")
    assert got.get("basic.site_name") == Value.of("甲市乙局网站")
    assert got.get("basic.publish_date") == Value.of(dt.date(2021, 1, 15))
    assert got.get("basic.site_type") == Value.of("部门网站")
    assert got.get("basic.site_code") == Value.of("4507000026")
    assert got.get("access.uv") == Value.of(23324)
    assert got.get("access.pv") == Value.of(126000)
    assert got.get("columns.maintained") == Value.of(11)
    assert got.get("columns.new") == NONE
    assert got.get("info.total") == Value.of(551)
    assert got.get("info.overview") == NONE
    assert got.get("service.catalogue_published") == Value.of(True)
    assert got.get("signature.filler") == Value.of("甲三")
    assert got.get("signature.date") == Value.of(dt.date(2021, 1, 15))


def test_traditional_labels_and_values_are_read():
    document = docx.Document()
    add_rows(
        document,
        [
            ["用戶訪問", "獨立用戶訪問總量（單位：個）", "網站總訪問量（單位：次）"],
            ["", "100", "200"],
            ["互動交流", "是否使用統一平臺", "☑是 □否"],
            ["", "留言辦理", "平均辦理時間（單位：天）"],
            ["", "", "2.5天"],
        ],
    )
    got = read(save(document)).report
    assert got.get("access.uv") == Value.of(100)
    assert got.get("access.pv") == Value.of(200)
    assert got.get("interaction.unified_platform") == Value.of(True)
    assert got.get("interaction.messages.avg_days") == Value.of(Decimal("2.5"))


def test_merged_label_cells_count_once():
    document = docx.Document()
    add_rows(
        document,
        [
            ["解读回应", "解读信息发布", "总数（单位：条）", None, "2"],
            ["", "", "解读材料数量（单位：条）", None, "2"],
            ["", "", "解读产品数量（单位：个）", None, "无"],
        ],
    )
    result = read(save(document), TEMPLATE)
    assert result.report.get("interpret.total") == Value.of(2)
    assert result.report.get("interpret.materials") == Value.of(2)
    assert result.report.get("interpret.products") == NONE
    assert result.findings == []


def sym(font: str, char: str) -> str:
    return f'<w:r {nsdecls("w")}><w:sym w:font="{font}" w:char="{char}"/></w:r>'


def test_tick_boxes_inserted_as_wingdings_symbols_are_ticks():
    document = docx.Document()
    table = add_rows(document, [["安全防护", "安全防护能力等级", ""], ["", "是否开展应急演练", ""]])
    level = table.cell(0, 2).paragraphs[0]._p
    for xml in (sym("Wingdings", "F0FE"), "<w:r {0}><w:t>二级</w:t></w:r>", sym("Wingdings", "F0A8")):
        level.append(parse_xml(xml.format(nsdecls("w"))))
    level.append(parse_xml(f"<w:r {nsdecls('w')}><w:t>三级</w:t></w:r>"))
    drill = table.cell(1, 2).paragraphs[0]._p
    for xml in (sym("Wingdings 2", "F0A3"), "<w:r {0}><w:t>是 </w:t></w:r>", sym("Wingdings 2", "F052")):
        drill.append(parse_xml(xml.format(nsdecls("w"))))
    drill.append(parse_xml(f"<w:r {nsdecls('w')}><w:t>否</w:t></w:r>"))
    got = read(save(document), TEMPLATE).report
    assert got.get("security.level") == Value.of("二级")
    assert got.get("security.monitoring.drill") == Value.of(False)


def test_a_value_inside_a_content_control_is_read():
    document = docx.Document()
    table = add_rows(document, [["信息发布", "总数", ""]])
    tc = table.cell(0, 2)._tc
    paragraph = tc.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>551</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    paragraph.addprevious(control)
    tc.remove(paragraph)
    tc.append(parse_xml(f"<w:p {nsdecls('w')}/>"))
    got = read(save(document), TEMPLATE).report
    assert got.get("info.total") == Value.of(551)


def test_innovation_written_one_option_per_row_is_read():
    document = docx.Document()
    add_rows(
        document,
        [
            ["创新发展", "搜索即服务", "有"],
            ["", "多语言版本", "无"],
            ["", "无障碍浏览", "有"],
            ["", "千人千网", "无"],
            ["", "其他", "智能问答"],
        ],
    )
    got = read(save(document), TEMPLATE).report
    assert got.get("innovation.features") == Value.of(MultiChoice(("搜索即服务", "无障碍浏览"), "智能问答"))


def test_what_cannot_be_placed_is_reported_with_where_it_stands():
    document = docx.Document()
    add_rows(document, [["信息发布", "总数", "551"], ["", "本栏目由某公司维护", ""]])
    result = read(save(document), TEMPLATE)
    unplaced = [f for f in result.findings if f.code == "W-READ-UNPLACED"]
    assert unplaced and "表格1第2行" in unplaced[0].message


def checkbox_field(ticked: bool, how: str = "default") -> str:
    flag = f'<w:{how} w:val="{1 if ticked else 0}"/>'
    return (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/>'
        f'<w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>{flag}</w:checkBox></w:ffData>'
        "</w:fldChar></w:r>"
    )


def test_legacy_check_box_form_fields_are_ticks():
    document = docx.Document()
    rows = [["办事服务", "是否发布服务事项目录", ""], ["", "注册用户数（单位：个）", "3"]]
    table = add_rows(document, rows)
    cell = table.cell(0, 2).paragraphs[0]._p
    for xml in (
        checkbox_field(False),
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve">是 </w:t></w:r>',
        checkbox_field(True, how="checked"),
        f"<w:r {nsdecls('w')}><w:t>否</w:t></w:r>",
    ):
        cell.append(parse_xml(xml))
    got = read(save(document), TEMPLATE).report
    assert got.get("service.catalogue_published") == Value.of(False)
