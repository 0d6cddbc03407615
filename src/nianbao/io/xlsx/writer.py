"""Write a report as an Excel workbook: the official form on sheet 报表, the long form on sheet 明细.

The form sheet draws nianbao.io.layout, so it agrees with the other formats. Numbers are stored as numbers;
text is always stored as text, and text that a spreadsheet would take for a formula (= + - @) carries the
quote prefix, so a value like "=HYPERLINK(...)" typed into a report can never run as a formula.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
import re
import unicodedata
from typing import TYPE_CHECKING, ClassVar

from nianbao.io.layout import APPENDIX_TITLE, COLUMNS, FormLayout, Kind, LayoutCell, build_layout
from nianbao.io.xlsx import longform
from nianbao.report.report import Report

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Border, Font
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet.worksheet import Worksheet

FORM_SHEET = "报表"
APPENDIX_SHEET = APPENDIX_TITLE
# Widths in characters of the 8 form columns (a CJK character takes two). The section column holds
# （单位：条） on one line, so 信息发布（单位：条） prints on two lines as on paper.
COLUMN_WIDTHS = (13, 11, 13, 13, 11, 11, 11, 11)
# The printable height of an A4 page (727 pt between the margins below) in the sheet's own points: fitted
# to A4's width, the form prints at about 0.63 of its size (measured in LibreOffice's PDF), so a page
# holds about 1150 pt of rows; a little is kept spare. A page break goes before a section that would not
# fit on the current page.
_PAGE_HEIGHT = 1080.0
LONG_WIDTHS = (34, 24, 30, 6, 30, 6)
SONG = "宋体"
FANGSONG = "仿宋_GB2312"
_FORMULA_STARTS = ("=", "+", "-", "@")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LINE_HEIGHT = 14.0  # points per line of 10.5 pt text
SIGNATURE_LINE = 3  # fields on the signature's first line


class XlsxWriter:
    """Write the official form and the long form as an .xlsx workbook."""

    format: ClassVar[str] = "xlsx"
    suffix: ClassVar[str] = ".xlsx"
    mimetype: ClassVar[str] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, report: Report, *, appendix: bool = False) -> bytes:
        """Return the report as a workbook; `appendix` adds the 填写说明 as a third sheet."""
        from openpyxl import Workbook

        layout = build_layout(report, appendix=appendix)
        styles = _Styles()
        workbook = Workbook()
        form = workbook.active
        form.title = FORM_SHEET
        _write_form(form, report, layout, styles)
        long_sheet = workbook.create_sheet(longform.SHEET)
        _write_long(long_sheet, report, styles)
        # The long form is for programs: hidden, so printing the workbook prints the form (and the
        # 填写说明 when asked), not a sheet of English keys. Readers still find it by its name.
        long_sheet.sheet_state = "hidden"
        if layout.appendix:
            _write_appendix(workbook.create_sheet(APPENDIX_SHEET), layout, styles)
        workbook.properties.title = layout.title
        workbook.properties.subject = _clean(layout.unit.text)[:255]
        workbook.properties.creator = "nianbao"
        workbook.properties.language = "zh-CN"
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


class _Styles:
    """The few fonts, borders and alignments the workbook uses, made once per workbook."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title = Font(name=SONG, size=18, bold=True)
        self.year = Font(name=FANGSONG, size=14)
        self.line = Font(name=FANGSONG, size=12)
        self.label = Font(name=SONG, size=10.5)
        self.value = Font(name=FANGSONG, size=10.5)
        self.note = Font(name=SONG, size=9)
        self.bold = Font(name=SONG, size=10.5, bold=True)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        # indent=1 keeps text off the cell's border.
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
        # A code or address shrinks to fit its cell rather than breaking inside (桂公网安备…0630 / 号).
        self.shrink = Alignment(horizontal="left", vertical="center", shrink_to_fit=True, indent=1)
        self.top_left = Alignment(horizontal="left", vertical="top", wrap_text=True)
        self._arrays: dict[tuple[int, int, int], StyleArray] = {}

    def apply(
        self, cell: Cell, font: Font | None, alignment: Alignment | None, border: Border | None
    ) -> None:
        """Give a cell a font, alignment and border, reusing the style of the first cell that had them."""
        # Assigning style objects hashes them every time, which dominates writing a form of ~700 cells;
        # a cell's style is a small array of indices, so copying the first one's array is exact and cheap.
        key = (id(font), id(alignment), id(border))
        cached = self._arrays.get(key)
        if cached is not None:
            cell._style = copy.copy(cached)
            return
        if font is not None:
            cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        if border is not None:
            cell.border = border
        self._arrays[key] = copy.copy(cell._style)


def _clean(text: str) -> str:
    """Drop control characters that XML cannot hold (openpyxl would refuse the whole cell)."""
    return _ILLEGAL.sub("", text) if not text.isprintable() else text


def set_cell(cell: Cell, value: object) -> None:
    """Store a value in a cell: numbers and dates as such, any text as text (never as a formula).

    Call it after styling the cell: the quote prefix is part of the cell's style.
    """
    if isinstance(value, str):
        text = _clean(value)
        cell.value = text
        if text.startswith(_FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value


def _text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    if not text:
        return 1
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(_text_width(line) / usable)) for line in text.split("\n"))


def _number(report: Report, cell: LayoutCell) -> int | float | None:
    """Return the number to store for a value cell of a numeric item, or None to store its text."""
    if not report.template.has_item(cell.key):
        return None
    item = report.template.item(cell.key)
    if not item.type.is_numeric:
        return None
    value = report.get(cell.key)
    if not value.is_value:
        return None
    # The long form's rule decides: a number Excel can hold exactly is a number, anything else text.
    stored = longform.cell_value(item, value)
    return stored if isinstance(stored, int | float) and not isinstance(stored, bool) else None


def _merge(
    ws: Worksheet,
    row: int,
    col: int,
    last_row: int,
    last_col: int,
    styles: _Styles,
    border: Border | None = None,
) -> None:
    """Merge a range, bordering every cell of it so the frame is whole in every spreadsheet program."""
    from openpyxl.worksheet.cell_range import CellRange

    # openpyxl's merge_cells re-checks every range and restyles edge cells one by one, which costs more
    # than the whole form; the layout never overlaps ranges, so the range is recorded directly.
    ws.merged_cells.ranges.add(CellRange(min_col=col, min_row=row, max_col=last_col, max_row=last_row))
    if border is None:
        return
    for r in range(row, last_row + 1):
        for c in range(col, last_col + 1):
            if (r, c) != (row, col):
                styles.apply(ws.cell(row=r, column=c), None, None, border)


def _merged_line(
    ws: Worksheet, row: int, text: str, styles: _Styles, font: Font, align: Alignment, height: float
) -> None:
    cell = ws.cell(row=row, column=1)
    styles.apply(cell, font, align, None)
    set_cell(cell, text)
    _merge(ws, row, 1, row, COLUMNS, styles)
    ws.row_dimensions[row].height = height


def _write_form(ws: Worksheet, report: Report, layout: FormLayout, styles: _Styles) -> None:
    from openpyxl.utils import get_column_letter

    for n, width in enumerate(COLUMN_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    total_width = sum(COLUMN_WIDTHS)
    _merged_line(ws, 1, layout.title, styles, styles.title, styles.center, 32)
    _merged_line(ws, 2, layout.year_line, styles, styles.year, styles.center, 22)
    unit_line = f"{layout.unit.label}：{layout.unit.text}"
    unit_height = _LINE_HEIGHT * _lines(unit_line, total_width) + 6
    _merged_line(ws, 3, unit_line, styles, styles.line, styles.left, unit_height)
    first = 4
    heights: dict[int, int] = {}
    for r, row in enumerate(layout.rows):
        excel_row = first + r
        for cell in row:
            target = ws.cell(row=excel_row, column=cell.col + 1)
            number = _number(report, cell) if cell.kind is Kind.VALUE else None
            header = cell.kind in (Kind.SECTION, Kind.SUBSECTION)
            font = styles.value if cell.kind is Kind.VALUE else styles.label
            width = sum(COLUMN_WIDTHS[cell.col : cell.col + cell.colspan])
            code = cell.kind is Kind.VALUE and _is_code(cell.text)
            align = styles.center if header else styles.shrink if code else styles.left
            styles.apply(target, font, align, styles.border)
            text = cell.text.replace("（单位", "\n（单位", 1) if header else cell.text
            if cell.kind is Kind.VALUE and ("☑" in text or "□" in text) and _text_width(text) > width - 2:
                # □政府门户网站 ☑部门网站 □专项网站: one option a line rather than one broken inside.
                text = re.sub(r"\s+(?=[☑□])", "\n", text)
            set_cell(target, number if number is not None else text)
            lines = 1 if code else math.ceil(_lines(text, width) / cell.rowspan)
            heights[excel_row] = max(heights.get(excel_row, 1), lines)
            if cell.colspan > 1 or cell.rowspan > 1:
                last_row, last_col = excel_row + cell.rowspan - 1, cell.col + cell.colspan
                _merge(ws, excel_row, cell.col + 1, last_row, last_col, styles, styles.border)
    for excel_row, lines in heights.items():
        ws.row_dimensions[excel_row].height = max(20.0, _LINE_HEIGHT * lines + 6)
    row = first + len(layout.rows) + 1
    _page_breaks(
        ws, layout, first, tail=28 + sum(_LINE_HEIGHT * _lines(n, total_width * 1.1) for n in layout.notes)
    )
    # The signature as label：value cells, so a name holding a space stays whole: the people on one line,
    # the telephone and the date on the next, as the fields do not fit on one line of A4.
    texts = [f"{field.label}：{field.text}" for field in layout.signature]
    for line in (texts[:SIGNATURE_LINE], texts[SIGNATURE_LINE:]):
        if not line:
            continue
        col = 1
        for text, span in zip(line, _signature_spans(line), strict=True):
            target = ws.cell(row=row, column=col)
            styles.apply(target, styles.line, styles.left, None)
            set_cell(target, text)
            if span > 1:
                _merge(ws, row, col, row, col + span - 1, styles)
            col += span
        ws.row_dimensions[row].height = 24
        row += 1
    row -= 1
    for note in layout.notes:
        row += 1
        note_height = _LINE_HEIGHT * _lines(note, total_width * 1.1)
        _merged_line(ws, row, note, styles, styles.note, styles.top_left, note_height)
    _print_setup(ws)


def _is_code(text: str) -> bool:
    """Return True for a value that is one long run of Latin letters and digits (a code, an address)."""
    return " " not in text.strip() and len(re.findall(r"[0-9A-Za-z]", text)) >= 8


def _page_breaks(ws: Worksheet, layout: FormLayout, first: int, tail: float) -> None:
    """Break pages between sections only: before a section that would not fit on the current page.

    The row heights are set explicitly, so the sum is what a spreadsheet program prints; the signature
    and notes (`tail`) stay with the last section.
    """
    from openpyxl.worksheet.pagebreak import Break

    used = sum(ws.row_dimensions[r].height or 15.0 for r in range(1, first))
    start = first
    for n, group in enumerate(layout.groups):
        height = sum(ws.row_dimensions[r].height or 20.0 for r in range(start, start + len(group.rows)))
        if n == len(layout.groups) - 1:
            height += tail
        if used and used + height > _PAGE_HEIGHT:
            ws.row_breaks.append(Break(id=start - 1))
            used = 0.0
        used += height
        start += len(group.rows)


def _signature_spans(texts: list[str]) -> list[int]:
    """Share the form's columns among the signature fields, one column each and the rest to the longest."""
    if not texts or len(texts) > COLUMNS:
        return [1] * len(texts)
    spans = [1] * len(texts)
    for _ in range(COLUMNS - len(texts)):
        widths = [sum(COLUMN_WIDTHS[: spans[n]]) for n in range(len(texts))]
        needs = [_text_width(text) / widths[n] for n, text in enumerate(texts)]
        spans[needs.index(max(needs))] += 1
    return spans


def _print_setup(ws: Worksheet) -> None:
    setup = ws.page_setup
    setup.paperSize = 9  # A4
    setup.orientation = "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    margins = ws.page_margins
    margins.left, margins.right, margins.top, margins.bottom = 0.7, 0.6, 0.9, 0.7


def _write_long(ws: Worksheet, report: Report, styles: _Styles) -> None:
    from openpyxl.utils import get_column_letter

    ws.append(longform.HEADERS)
    for cell in ws[1]:
        styles.apply(cell, styles.bold, None, None)
    for n, values in enumerate(longform.long_rows(report.template, report), start=2):
        for m, value in enumerate(values, start=1):
            target = ws.cell(row=n, column=m)
            set_cell(target, value)
            if isinstance(value, dt.date):
                target.number_format = longform.DATE_FORMAT
            elif m == 5 and isinstance(value, str):
                target.number_format = "@"
    for n, width in enumerate(LONG_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    _print_setup(ws)


def _write_appendix(ws: Worksheet, layout: FormLayout, styles: _Styles) -> None:
    ws.column_dimensions["A"].width = 100
    rows: list[tuple[str, Font]] = [(APPENDIX_TITLE, styles.title)]
    for chapter in layout.appendix:
        rows.append((chapter.heading, styles.bold))
        rows.extend((text, styles.value) for text in chapter.paragraphs)
    for n, (text, font) in enumerate(rows, start=1):
        cell = ws.cell(row=n, column=1)
        styles.apply(cell, font, styles.top_left, None)
        set_cell(cell, text)
        ws.row_dimensions[n].height = max(20.0, _LINE_HEIGHT * _lines(text, 100) + 4)
    _print_setup(ws)
