"""Reading exports: headers in Chinese or English, encodings, row numbers, and unusable files."""

import json
import re

import pytest
from openpyxl import Workbook

from nianbao.evidence.cms import CMS_FIELDS
from nianbao.evidence.errors import EvidenceError
from nianbao.evidence.table import read_table

from .exports import write_export

ENGLISH = ["Title", "URL", "Column", "Published", "External"]
ROW = ["标题", "http://a/1", "城管动态", "2020-01-02 10:00", "no"]


def test_english_headers_are_accepted(tmp_path):
    table = read_table(write_export(tmp_path / "e.csv", ENGLISH, [ROW]), CMS_FIELDS)
    assert table.rows[0].values == dict(
        zip(["title", "url", "column", "published", "external"], ROW, strict=True)
    )
    assert table.headers["published"] == "Published"


def test_headers_are_matched_ignoring_width_case_and_spaces(tmp_path):
    headers = ["标 题", "ＵＲＬ", " 栏目 ", "PUBLISH_TIME", "是否外链"]
    table = read_table(write_export(tmp_path / "e.csv", headers, [ROW]), CMS_FIELDS)
    assert set(table.headers) == {"title", "url", "column", "published", "external"}


def test_a_missing_column_is_named_with_the_headers_found(tmp_path):
    with pytest.raises(EvidenceError) as caught:
        read_table(
            write_export(tmp_path / "e.csv", ["标题", "栏目", "是否外链"], [["a", "b", "否"]]), CMS_FIELDS
        )
    message = str(caught.value)
    assert message.startswith("e.csv：缺少必需的列：发布时间")
    assert "published" in message  # the accepted names are listed
    assert "文件的表头为：标题、栏目、是否外链" in message


def test_the_optional_link_column_may_be_absent(tmp_path):
    headers = ["标题", "栏目", "发布时间", "是否外链"]
    table = read_table(
        write_export(tmp_path / "e.csv", headers, [["a", "b", "2020-01-01", "否"]]), CMS_FIELDS
    )
    assert "url" not in table.headers


def test_two_columns_for_one_field_are_refused(tmp_path):
    headers = ["标题", "栏目", "发布时间", "发布日期", "是否外链"]
    with pytest.raises(EvidenceError, match="“发布时间”和“发布日期”两列都表示发布时间"):
        read_table(write_export(tmp_path / "e.csv", headers, []), CMS_FIELDS)


def test_gbk_csv_is_read(tmp_path):
    path = write_export(
        tmp_path / "e.csv", ["标题", "链接", "栏目", "发布时间", "是否外链"], [ROW], encoding="gbk"
    )
    assert read_table(path, CMS_FIELDS).rows[0].get("column") == "城管动态"


def test_rows_are_numbered_as_in_the_file_even_across_quoted_line_breaks(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text(
        '标题,栏目,发布时间,是否外链\n"两行\n标题",甲,2020-01-01,否\n\n乙,乙,2020-01-01,否\n',
        encoding="utf-8",
    )
    assert [r.where for r in read_table(path, CMS_FIELDS).rows] == ["第2行", "第5行"]


def test_json_records_may_be_wrapped(tmp_path):
    path = tmp_path / "e.json"
    record = dict(zip(ENGLISH, ROW, strict=True))
    path.write_text(json.dumps({"total": 2, "data": [record, "junk"]}), encoding="utf-8")
    rows = read_table(path, CMS_FIELDS).rows
    assert rows[0].get("column") == "城管动态"
    assert (rows[1].where, rows[1].error) == ("第2条记录", "该记录不是 JSON 对象")


def test_a_bad_json_lines_record_is_kept_as_an_error_row(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(dict(zip(ENGLISH, ROW, strict=True))) + "\n{broken\n", encoding="utf-8")
    rows = read_table(path, CMS_FIELDS).rows
    assert rows[1].where == "第2行"
    assert "不是有效的 JSON" in rows[1].error


def test_xlsx_rows_are_numbered_as_in_the_sheet(tmp_path):
    path = write_export(tmp_path / "e.xlsx", ENGLISH, [ROW, ROW])
    assert [r.where for r in read_table(path, CMS_FIELDS).rows] == ["第2行", "第3行"]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("e.csv", b"", "文件为空"),
        ("e.csv", b"\x00\x01\xff\xfe\x00binary", "不是 UTF-8 或 GBK/GB18030 编码的文本"),
        ("e.json", b'{"a": [1,', "不是有效的 JSON：第1行"),
        ("e.json", b'{"a": 1}', "JSON 应为记录的数组"),
        ("e.xlsx", b"PK not really a zip", "不是有效的 Excel"),
        ("e.pdf", b"%PDF-1.4", "不支持的文件类型“.pdf”"),
    ],
)
def test_an_unusable_file_is_refused(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(EvidenceError, match=re.escape(fragment)):
        read_table(path, CMS_FIELDS)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(EvidenceError, match="无法读取文件"):
        read_table(tmp_path / "none.csv", CMS_FIELDS)


def test_title_lines_above_the_header_are_passed_over(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["网民留言办理情况导出"])
    sheet.append(["导出时间：2021-01-05"])
    sheet.append([])
    sheet.append(ENGLISH)
    sheet.append(ROW)
    book.save(tmp_path / "e.xlsx")
    table = read_table(tmp_path / "e.xlsx", CMS_FIELDS)
    assert [r.where for r in table.rows] == ["第5行"]
    assert table.rows[0].get("title") == "标题"


def test_a_file_without_a_header_names_its_first_line(tmp_path):
    path = write_export(tmp_path / "e.csv", ["甲", "乙"], [["1", "2"]] * 12)
    with pytest.raises(EvidenceError, match=re.escape("文件的表头为：甲、乙")):
        read_table(path, CMS_FIELDS)


def test_a_formula_without_a_saved_result_is_named_as_such(tmp_path):
    # openpyxl writes formulas without computing them, as many export programs do.
    book = Workbook()
    sheet = book.active
    sheet.append(["标题", "栏目", "发布时间", "是否外链"])
    sheet.append(["甲", "动态", "2020-03-01 09:00", "否"])
    sheet.append(["乙", "动态", '=TEXT(DATE(2020,3,2),"yyyy-mm-dd")', "否"])
    book.save(tmp_path / "f.xlsx")
    table = read_table(tmp_path / "f.xlsx", CMS_FIELDS)
    assert table.rows[0].error is None
    formula_row = table.rows[1]
    assert formula_row.where == "第3行"
    assert "“发布时间”是公式，文件中没有保存计算结果" in formula_row.error
    assert "Excel 或 LibreOffice" in formula_row.reason


def test_a_formula_with_a_saved_result_is_read_as_its_result(tmp_path):
    # LibreOffice computes and saves the result: the cell is then read like any other.
    import subprocess

    book = Workbook()
    sheet = book.active
    sheet.append(["标题", "栏目", "发布时间", "是否外链"])
    sheet.append(["乙", "动态", '=TEXT(DATE(2020,3,2),"yyyy-mm-dd")', "否"])
    book.save(tmp_path / "raw.xlsx")
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(tmp_path / "raw.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    table = read_table(out / "raw.xlsx", CMS_FIELDS)
    assert table.rows[0].error is None
    assert table.rows[0].get("published") == "2020-03-02"


def test_a_header_over_two_rows_under_a_title_is_read(tmp_path):
    # A title merged across the sheet, then 信息 merged over 标题 and 链接, the other names merged down.
    book = Workbook()
    sheet = book.active
    sheet.append(["2020年信息发布明细"])
    sheet.merge_cells("A1:E1")
    sheet.append(["信息", None, "栏目", "发布时间", "是否外链"])
    sheet.merge_cells("A2:B2")
    for column in "CDE":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.append(["标题", "链接", None, None, None])
    sheet.append(["甲", "http://a/1", "动态", "2020-03-01 09:00", "否"])
    book.save(tmp_path / "m.xlsx")
    table = read_table(tmp_path / "m.xlsx", CMS_FIELDS)
    assert [r.where for r in table.rows] == ["第4行"]
    assert table.rows[0].values == {
        "title": "甲",
        "url": "http://a/1",
        "column": "动态",
        "published": "2020-03-01 09:00",
        "external": "否",
    }


def test_a_header_that_lacks_a_column_is_named_by_its_row_not_the_title_above(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["2020年信息发布明细"])
    sheet.merge_cells("A1:D1")
    sheet.append(["标题", "栏目", "时刻", "是否外链"])  # 时刻 is not a name 发布时间 goes by
    sheet.append(["甲", "动态", "2020-03-01 09:00", "否"])
    book.save(tmp_path / "h.xlsx")
    with pytest.raises(EvidenceError) as caught:
        read_table(tmp_path / "h.xlsx", CMS_FIELDS)
    message = str(caught.value)
    assert "第2行最像表头" in message
    assert "缺少必需的列：发布时间" in message
    assert "文件的表头为：标题、栏目、时刻、是否外链" in message
