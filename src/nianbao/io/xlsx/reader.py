"""Read a report from an Excel workbook: the long form exactly when it is there, else the form's cells.

A workbook written by nianbao carries the long form (sheet 明细) and reads back exactly from it. Any other
workbook — a published sheet with the form retyped, merged cells, numbers typed as numbers or as text,
percentages formatted as % — is read cell by cell in reading order and placed by the shared engine.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from nianbao.forms.template import Template, get_template, template_ids
from nianbao.io.base import Cell, ReadError, ReadResult
from nianbao.io.xlsx import longform
from nianbao.io.ziputil import XLSX, check_office_zip
from nianbao.report.coerce import format_date, format_decimal
from nianbao.report.findings import Finding, Severity
from nianbao.report.report import Report

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


class XlsxReader:
    """Read reports from .xlsx workbooks: nianbao's own exactly, retyped ones tolerantly."""

    format: ClassVar[str] = "xlsx"
    suffixes: ClassVar[tuple[str, ...]] = (".xlsx", ".xlsm")

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read a report from the bytes of a workbook; ReadError when it is no usable workbook."""
        workbook = open_workbook(data, name)
        try:
            long_sheet = _long_sheet(workbook)
            if long_sheet is not None:
                result = read_long_form(long_sheet, template=template, source=name)
                if result is not None:
                    return result
            cells = list(workbook_cells(workbook, skip=long_sheet))
        finally:
            workbook.close()
        from nianbao.io.placement import place_cells

        return place_cells(cells, template=template, source=name)


def open_workbook(data: bytes, name: str = "") -> Workbook:
    """Open a workbook after the zip checks; ReadError (Chinese, naming the file) when it cannot be read."""
    check_office_zip(data, name, XLSX)
    import openpyxl  # deferred: only reading or writing workbooks needs it

    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it does not keep (data validation, conditional formats); a reader
            # of values has no use for them, and a user has nothing to do about them.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), data_only=True, rich_text=False)
    except Exception as exc:
        # The file passed the zip checks, so what fails now is a malformed part, and openpyxl reports
        # that with whatever its parsers and model classes ran into; the user needs to know the file is
        # broken, not which exception it was.
        raise ReadError(f"{name or '文件'}：Excel 工作簿内容损坏，无法读取（{type(exc).__name__}）") from exc


def _long_sheet(workbook: Workbook) -> Worksheet | None:
    if longform.SHEET in workbook.sheetnames:
        return workbook[longform.SHEET]
    return None


def read_long_form(ws: Worksheet, *, template: Template | None, source: str) -> ReadResult | None:
    """Read the long form exactly; None when the sheet is not a well-formed long form of a template."""
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
            findings.append(
                Finding(
                    "W-LONGFORM-STATE",
                    Severity.WARNING,
                    f"{item.label}：明细表“状态”列为“{state}”，应为有值、无或未填；已按“值”列读取。",
                    (key,),
                )
            )
            state = None
        report.set(key, longform.decode_cell(item, raw, state))  # type: ignore[arg-type]
    return ReadResult(report, findings, source)


def _template_for_keys(keys: set[str]) -> Template | None:
    for template_id in template_ids():
        template = get_template(template_id)
        if all(template.has_item(key) for key in keys):
            return template
    return None


def workbook_cells(workbook: Workbook, skip: Worksheet | None = None) -> Iterator[Cell]:
    """Yield the text of every visible sheet's cells in reading order; a merged range counts once."""
    for ws in workbook.worksheets:
        if ws is skip or ws.sheet_state != "visible":
            continue
        yield from sheet_cells(ws)


def sheet_cells(ws: Worksheet) -> Iterator[Cell]:
    """Yield a sheet's cells row by row: empty cells inside the used area too, merged ranges once."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import get_column_letter

    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell, MergedCell):
                continue
            text = cell_text(cell.value, cell.number_format)
            yield Cell(text, f"{ws.title}!{get_column_letter(cell.column)}{cell.row}")


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
