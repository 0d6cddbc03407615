"""Write a large table as an XLSX workbook quickly: XlsxWriter in constant-memory mode, one sheet.

openpyxl builds a cell object per value; for a province's year (tens of thousands of rows) XlsxWriter's
streaming mode is several times faster and keeps memory flat. Every text is written as text, never as a
formula or a link, whatever it starts with.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import xlsxwriter

# Characters XML 1.0 cannot carry at all; a cell keeps the rest of its text.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Characters Excel does not allow in a sheet name.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(rows: Iterable[Sequence[object]], sheet_name: str = "Sheet1") -> bytes:
    """Return the rows (numbers and text; None or "" for empty) as the bytes of an .xlsx file."""
    # Constant-memory mode streams rows to a file (it is off for in-memory workbooks), hence the folder.
    with tempfile.TemporaryDirectory(prefix="nianbao-xlsx-") as folder:
        path = Path(folder) / "export.xlsx"
        _write(xlsxwriter.Workbook(str(path), {"constant_memory": True}), rows, sheet_name)
        return path.read_bytes()


def _write(book: xlsxwriter.Workbook, rows: Iterable[Sequence[object]], sheet_name: str) -> None:
    name = _SHEET_NAME_FORBIDDEN.sub("", _ILLEGAL.sub("", sheet_name))[:31] or "Sheet1"
    sheet = book.add_worksheet(name)
    # XlsxWriter drops a blank cell that has no format; a plain one keeps every row as wide as it was given.
    blank = book.add_format()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                sheet.write_blank(r, c, None, blank)
                continue
            if isinstance(value, bool):
                sheet.write_string(r, c, "是" if value else "否")
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, _ILLEGAL.sub("", str(value)))
    book.close()
