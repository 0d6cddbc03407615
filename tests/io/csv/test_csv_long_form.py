"""The CSV a supervisor opens: BOM, one row per item, 无 and empty kept apart, no formula can run."""

import csv
import io

from nianbao.forms.template import get_template
from nianbao.io.csv import CsvReader, CsvWriter
from nianbao.report import NONE, Report, Value
from seed_fixture import seed_report


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_it_starts_with_a_byte_order_mark_so_spreadsheets_read_chinese():
    assert CsvWriter().write(Report(get_template("gx-2020"))).startswith(b"\xef\xbb\xbf")


def test_it_has_one_row_per_item_under_the_five_columns():
    rows = _rows(CsvWriter().write(seed_report()))
    assert rows[0] == ["key", "section", "label", "unit", "value"]
    assert len(rows) == 1 + 79
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["interaction.messages.received"] == [
        "interaction.messages.received",
        "互动交流 › 留言办理",
        "收到留言数量",
        "条",
        "无",
    ]
    assert by_key["access.uv"][4] == "23324"
    assert by_key["basic.publish_date"][4] == "2021年1月15日"


def test_none_is_the_literal_wu_and_blank_is_empty():
    template = get_template("gx-2020")
    report = Report(template, {"access.uv": NONE, "access.pv": Value.of(0)})
    by_key = {row[0]: row[4] for row in _rows(CsvWriter().write(report))[1:]}
    assert (by_key["access.uv"], by_key["access.pv"], by_key["info.total"]) == ("无", "0", "")


def test_text_that_would_run_as_a_formula_is_neutralised_and_read_back():
    template = get_template("gx-2020")
    report = Report(
        template,
        {
            "basic.site_name": Value.of('=HYPERLINK("http://evil")'),
            "basic.sponsor": Value.of("@SUM(A1)"),
            "basic.organizer": Value.of("+1"),
            "signature.head": Value.of("'quoted"),
            "access.uv": Value.of(-5),
        },
    )
    data = CsvWriter().write(report)
    by_key = {row[0]: row[4] for row in _rows(data)[1:]}
    assert by_key["basic.site_name"] == '\'=HYPERLINK("http://evil")'
    assert by_key["basic.sponsor"] == "'@SUM(A1)"
    assert by_key["basic.organizer"] == "'+1"
    assert by_key["access.uv"] == "-5"
    assert CsvReader().read(data, name="a.csv").report == report


def test_a_gb18030_csv_saved_by_a_spreadsheet_reads_the_same():
    text = CsvWriter().write(seed_report()).decode("utf-8-sig")
    assert CsvReader().read(text.encode("gb18030"), name="a.csv").report == seed_report()


def test_without_the_key_column_labels_and_sections_place_the_values():
    rows = _rows(CsvWriter().write(seed_report()))
    without_keys = io.StringIO()
    csv.writer(without_keys).writerows([row[1:] for row in rows])  # section, label, unit, value
    result = CsvReader().read(without_keys.getvalue().encode("utf-8"), name="无键.csv")
    assert result.report == seed_report()
    assert result.findings == []  # 巡检周期 is already written 1周/次 here


def test_the_form_saved_as_csv_from_a_spreadsheet_reads_by_its_labels():
    from nianbao.io.text import TextWriter, text_cells

    form = io.StringIO()
    writer = csv.writer(form)
    row: list[str] = []
    last = None
    for cell in text_cells(TextWriter().write(seed_report()).decode("utf-8")):
        if cell.row != last and row:
            writer.writerow(row)
            row = []
        last = cell.row
        row.append(cell.text)
    writer.writerow(row)
    result = CsvReader().read(form.getvalue().encode("utf-8-sig"), name="报表.csv")
    assert result.report == seed_report()
