"""Workbooks retyped by hand are read from the form's cells: numbers typed as numbers or as text, % formats,
date cells, merged labels, traditional characters, page furniture, hidden sheets."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl

from nianbao.io.xlsx import XlsxReader, XlsxWriter
from nianbao.report import NONE, Value
from tests.io.samples import TEMPLATE, seed_like


def save(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read(data: bytes, template=None):
    result = XlsxReader().read(data, name="转载.xlsx", template=template)
    assert result.report is not None
    return result


def test_a_retyped_sheet_with_the_usual_variations_is_read():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Sheet1"
    rows = [
        ["首页 > 政务公开 > 年度报表"],
        ["广西政府网站工作年度报表"],
        ["（2020年度）"],
        ["填报单位（盖章）：甲市乙局"],
        ["网站名称", "甲市乙局网站", "公开时间", dt.datetime(2021, 1, 15)],
        ["政府网站标识码", 4507000026, "网站类型", "□政府门户网站 ☑部门网站 □专项网站"],
        ["用户访问", "独立用户访问总量（UV 单位：个）", None, "网站总访问量（PV 单位：次）"],
        [None, 23324, None, "12.6万"],
        ["信息发布（单位：条）", "总数", "551"],
        [None, "概况类信息更新量", "/"],
        ["互动交流", "留言办理", "平均办理时间（单位：天）", "按时办结率（%）"],
        [None, None, 2.5, 0.985],
        ["版权所有 甲市乙局"],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("B7:C7")
    ws["D12"].number_format = "0.0%"
    ws["D5"].number_format = "yyyy-mm-dd"
    hidden = workbook.create_sheet("草稿")
    hidden.append(["总数", "999"])
    hidden.sheet_state = "hidden"
    got = read(save(workbook)).report
    assert got.get("header.unit") == Value.of("甲市乙局")
    assert got.get("basic.publish_date") == Value.of(dt.date(2021, 1, 15))
    assert got.get("basic.site_code") == Value.of("4507000026")
    assert got.get("basic.site_type") == Value.of("部门网站")
    assert got.get("access.uv") == Value.of(23324)
    assert got.get("access.pv") == Value.of(126000)
    assert got.get("info.total") == Value.of(551)
    assert got.get("info.overview") == NONE
    assert got.get("interaction.messages.avg_days") == Value.of(Decimal("2.5"))
    assert got.get("interaction.messages.on_time_rate") == Value.of(Decimal("98.5"))


def test_traditional_characters_and_full_width_digits_are_read():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["用戶訪問", "獨立用戶訪問總量（單位：個）", "網站總訪問量（單位：次）"])
    ws.append([None, "２３３２４", "１２６，４５７"])
    ws.append(["辦事服務", "是否發佈服務事項目錄", "□是 √否"])
    got = read(save(workbook), TEMPLATE).report
    assert got.get("access.uv") == Value.of(23324)
    assert got.get("access.pv") == Value.of(126457)
    assert got.get("service.catalogue_published") == Value.of(False)


def test_sections_in_another_order_are_read():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["专栏专题（单位：个）", "维护数量", 11])
    ws.append([None, "新开设数量", 1])
    ws.append(["信息发布（单位：条）", "总数", 551])
    got = read(save(workbook), TEMPLATE).report
    assert got.get("columns.maintained") == Value.of(11)
    assert got.get("columns.new") == Value.of(1)
    assert got.get("info.total") == Value.of(551)


def test_a_wrong_stored_dimension_does_not_cut_the_sheet_short():
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["信息发布（单位：条）", "总数", 551])
    ws.append([None, "概况类信息更新量", 7])
    data = save(workbook)
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1"/>')
                assert b'<dimension ref="A1"/>' in body
            dst.writestr(info, body)
    got = read(out.getvalue(), TEMPLATE).report
    assert got.get("info.overview") == Value.of(7)


def test_a_long_form_of_someone_else_falls_back_to_the_form():
    workbook = openpyxl.load_workbook(io.BytesIO(XlsxWriter().write(seed_like())))
    workbook["明细"]["A2"] = "not.a.key"
    result = read(save(workbook))
    assert result.report == seed_like()
    assert [f.code for f in result.findings] == ["W-READ-LONGFORM-IGNORED"]


def test_a_form_edited_without_its_long_form_is_flagged():
    workbook = openpyxl.load_workbook(io.BytesIO(XlsxWriter().write(seed_like())))
    form = workbook["报表"]
    cell = next(c for row in form.iter_rows() for c in row if c.value == 23324)
    cell.value = 30000
    result = read(save(workbook))
    assert result.report.get("access.uv") == Value.of(23324)
    differ = [f for f in result.findings if f.code == "W-READ-SHEETS-DIFFER"]
    assert [f.items for f in differ] == [("access.uv",)]
    assert "30000" in differ[0].message and "23324" in differ[0].message


def test_a_workbook_without_any_report_is_refused_in_chinese():
    import pytest

    from nianbao.io import ReadError

    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "电话"])
    with pytest.raises(ReadError, match=r"转载\.xlsx：未找到报表内容"):
        XlsxReader().read(save(workbook), name="转载.xlsx")
