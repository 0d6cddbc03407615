"""Read a report from an Excel workbook: the long form exactly when it is there, else the form's cells.

A workbook written by nianbao carries the long form (sheet 明细) and reads back exactly from it. Any other
workbook — a published sheet with the form retyped, merged cells, numbers typed as numbers or as text,
percentages formatted as % — is read cell by cell in reading order and placed by the shared engine.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from nianbao.forms.template import Item, Template, get_template, template_ids
from nianbao.io.base import Cell, ReadError, ReadResult
from nianbao.io.labels import document_region
from nianbao.io.placement import place_cells
from nianbao.io.xlsx import longform
from nianbao.io.ziputil import XLSX, SheetLimits, check_office_zip
from nianbao.report.coerce import format_date, format_decimal, format_value
from nianbao.report.findings import Finding, Severity
from nianbao.report.report import Report
from nianbao.report.values import Value

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet


# A merged range larger than this is page decoration, not a cell of the form; it is not expanded.
_MAX_MERGED_CELLS = 10_000
# Rows of different sheets must never count as one row; no sheet of a report comes near this many.
_ROWS_PER_SHEET = 1_048_576


class XlsxReader:
    """Read reports from .xlsx workbooks: nianbao's own exactly, retyped ones tolerantly."""

    format: ClassVar[str] = "xlsx"
    suffixes: ClassVar[tuple[str, ...]] = (".xlsx", ".xlsm")

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read a report from the bytes of a workbook; ReadError when it is no usable workbook."""
        workbook = open_workbook(data, name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # see open_workbook
                long_sheet = _long_sheet(workbook)
                exact = None
                if long_sheet is not None:
                    exact = read_long_form(long_sheet, template=template, source=name)
                cells = list(workbook_cells(workbook, skip=long_sheet))
        except Exception as exc:
            # Read-only mode parses each sheet while it is iterated, so a damaged sheet shows up here.
            raise _damaged(name, exc) from exc
        finally:
            workbook.close()
        if exact is None:
            result = place_cells(cells, template=template, source=name)
            if long_sheet is not None:
                result.findings.insert(0, _finding("W-READ-LONGFORM-IGNORED", _LONGFORM_IGNORED))
            return result
        assert exact.report is not None
        # The 明细 sheet has no title: the form sheet's title (广东政府网站工作年度报表) names the region.
        region = document_region([c.text for c in cells])
        if region is not None:
            exact.report = Report(exact.report.template.titled(region), exact.report.values)
        exact.findings.extend(_disagreements(exact.report, cells, name))
        return exact


def open_workbook(data: bytes, name: str = "", sheets: SheetLimits | None = None) -> Workbook:
    """Open a workbook after the zip and content checks; ReadError (Chinese, naming the file) when it
    cannot be read. Every reader of uploaded or imported workbooks opens them here, never with openpyxl
    directly, so that no path skips the bomb checks (see nianbao.io.ziputil)."""
    check_office_zip(data, name, XLSX, sheets)
    import openpyxl  # deferred: only reading or writing workbooks needs it

    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it does not keep (data validation, conditional formats); a reader
            # of values has no use for them, and a user has nothing to do about them.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        # The file passed the zip checks, so what fails now is a malformed part, and openpyxl reports
        # that with whatever its parsers and model classes ran into; the user needs to know the file is
        # broken, not which exception it was.
        raise _damaged(name, exc) from exc


def _damaged(name: str, exc: Exception) -> ReadError:
    return ReadError(f"{name or '文件'}：Excel 工作簿内容损坏，无法读取（{type(exc).__name__}）")


def _long_sheet(workbook: Workbook) -> ReadOnlyWorksheet | None:
    if longform.SHEET in workbook.sheetnames:
        return workbook[longform.SHEET]
    return None


def read_long_form(ws: ReadOnlyWorksheet, *, template: Template | None, source: str) -> ReadResult | None:
    """Read the long form exactly; None when the sheet is not a well-formed long form of a template."""
    ws.reset_dimensions()
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    columns = longform.header_columns(header) if header else None
    if columns is None:
        return None
    key_col, value_col = columns[longform.KEY_HEADER], columns[longform.VALUE_HEADER]
    state_col = columns.get(longform.STATE_HEADER)
    entries: list[tuple[str, object, str | None]] = []
    for row in rows:
        key = row[key_col] if key_col < len(row) else None
        if key is None or not str(key).strip():
            continue
        raw = row[value_col] if value_col < len(row) else None
        state = row[state_col] if state_col is not None and state_col < len(row) else None
        entries.append((str(key).strip(), raw, str(state).strip() if state is not None else None))
    keys = [key for key, _, _ in entries]
    if not keys or len(set(keys)) != len(keys):
        return None
    template = template or _template_for_keys(set(keys))
    if template is None or not all(template.has_item(key) for key in keys):
        return None
    states = {longform.STATE_VALUE, longform.STATE_NONE, longform.STATE_BLANK}
    report = Report(template)
    findings: list[Finding] = []
    for key, raw, state in entries:
        item = template.item(key)
        if state is not None and state not in states:
            message = f"{item.label}：明细表“状态”列为“{state}”，应为有值、无或未填；已按“值”列读取。"
            findings.append(_finding("W-READ-LONGFORM-STATE", message, (key,)))
            state = None
        report.set(key, longform.decode_cell(item, raw, state))  # type: ignore[arg-type]
    return ReadResult(report, findings, source)


_LONGFORM_IGNORED = (
    f"“{longform.SHEET}”工作表不是本系统导出的明细格式（缺少“键”“值”列，或含有重复、未知的项目键），"
    "已改为按报表页读取。"
)


def _finding(code: str, message: str, items: tuple[str, ...] = ()) -> Finding:
    return Finding(code, Severity.WARNING, message, items)


def _disagreements(report: Report, cells: list[Cell], name: str) -> list[Finding]:
    """Compare the long form with the form sheet: a person may have edited one and not the other."""
    try:
        shown = place_cells(cells, template=report.template, source=name).report
    except ReadError:
        return []  # the form sheet was removed or emptied: the long form alone is the report
    if shown is None:
        return []
    findings = []
    for item, value in report:
        other = shown.get(item.key)
        if other != value:
            findings.append(
                _finding(
                    "W-READ-SHEETS-DIFFER",
                    f"{item.label}：“报表”页为“{_shown(item, other)}”，“{longform.SHEET}”页为"
                    f"“{_shown(item, value)}”，两页不一致，已采用“{longform.SHEET}”页的值。请核对后改正。",
                    (item.key,),
                )
            )
    return findings


def _shown(item: Item, value: Value) -> str:
    return format_value(item, value) if not value.is_blank else "未填"


def _template_for_keys(keys: set[str]) -> Template | None:
    for template_id in template_ids():
        template = get_template(template_id)
        if all(template.has_item(key) for key in keys):
            return template
    return None


def workbook_cells(workbook: Workbook, skip: ReadOnlyWorksheet | None = None) -> Iterator[Cell]:
    """Yield the text of every visible sheet's cells in reading order; a merged range counts once."""
    for n, ws in enumerate(workbook.worksheets):
        if ws is skip or ws.sheet_state != "visible":
            continue
        yield from sheet_cells(ws, row_base=n * _ROWS_PER_SHEET)


def sheet_cells(ws: ReadOnlyWorksheet, row_base: int = 0) -> Iterator[Cell]:
    """Yield a sheet's cells row by row: empty cells inside the used area too, merged ranges once."""
    from openpyxl.utils import get_column_letter

    covered = _merge_covered(ws)
    # The stored dimension is often wrong in files from other programs; without it every row is read.
    ws.reset_dimensions()
    for r, row in enumerate(ws.iter_rows(), start=1):
        for c, cell in enumerate(row, start=1):
            if (r, c) in covered:
                continue
            text = cell_text(cell.value, getattr(cell, "number_format", "General"))
            where = f"“{ws.title}”工作表{get_column_letter(c)}{r}单元格"
            yield Cell(text, where, row=row_base + r)


_MERGE_RE = re.compile(rb"""<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Za-z0-9:$]+)["']""")


def _merge_covered(ws: ReadOnlyWorksheet) -> set[tuple[int, int]]:
    """Return the (row, column) of every cell hidden under a merged range (all but its top-left)."""
    from openpyxl.utils.cell import range_boundaries

    # Read-only mode (fast, and it does not restyle every merged range as a full load does) does not
    # parse merged ranges, so they are read from the sheet's XML: the zip checks bound its size.
    with ws.parent._archive.open(ws._worksheet_path) as part:
        xml = part.read()
    covered: set[tuple[int, int]] = set()
    for match in _MERGE_RE.finditer(xml):
        try:
            min_col, min_row, max_col, max_row = range_boundaries(match[1].decode("ascii").replace("$", ""))
        except (ValueError, TypeError):
            continue
        if None in (min_col, min_row, max_col, max_row):
            continue
        if (max_row - min_row + 1) * (max_col - min_col + 1) > _MAX_MERGED_CELLS:
            continue  # a whole-column merge in a decorative sheet, not a cell of the form
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col):
                    covered.add((r, c))
    return covered


def cell_text(value: object, number_format: str = "General") -> str:
    """Return a cell's value as the text a person sees: numbers without float noise, % applied, dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return format_date(value.date())
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        from decimal import Decimal

        number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        if "%" in (number_format or ""):
            return format_decimal(number * 100) + "%"
        return format_decimal(number)
    return str(value)
