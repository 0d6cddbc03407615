"""Read a report from a Word file: paragraphs and table cells in reading order, placed by the shared engine.

Real copies are retyped in Word: merged cells, content controls, tick boxes inserted as Wingdings symbols,
tracked insertions, nested tables. The walk goes over the XML in document order, so a merged cell is seen
once (python-docx's row.cells would repeat it) and nothing depends on how the table was built.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import ClassVar

from lxml import etree

from nianbao.forms.template import Template
from nianbao.io.base import Cell, ReadError, ReadResult
from nianbao.io.placement import place_cells
from nianbao.io.ziputil import DOCX, check_office_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (_W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _TAB, _BR, _CR, _SYM = (_W + t for t in ("t", "tab", "br", "cr", "sym"))
_CHECKBOX = _W + "checkBox"
_TXBX = _W + "txbxContent"
_DEL = _W + "del"

# Tick boxes inserted through Insert → Symbol are w:sym elements in a symbol font; these are the boxes
# and ticks Chinese forms use. Keys: (font family in lower case, character code).
_SYMBOLS = {
    ("wingdings", "F0FE"): "☑",
    ("wingdings", "F0FD"): "☒",
    ("wingdings", "F0FC"): "√",
    ("wingdings", "F0A8"): "□",
    ("wingdings", "F06F"): "□",
    ("wingdings", "F0A1"): "○",
    ("wingdings 2", "F052"): "☑",
    ("wingdings 2", "F054"): "☒",
    ("wingdings 2", "F050"): "√",
    ("wingdings 2", "F0A3"): "□",
    ("wingdings 2", "F0A2"): "□",
    ("wingdings 2", "F02A"): "□",
}


class DocxReader:
    """Read the official layout and retyped copies of it from .docx files."""

    format: ClassVar[str] = "docx"
    suffixes: ClassVar[tuple[str, ...]] = (".docx",)

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read a report from the bytes of a .docx file; ReadError when it is no usable Word file."""
        cells = docx_cells(data, name)
        return place_cells(cells, template=template, source=name)


def docx_cells(data: bytes, name: str = "") -> list[Cell]:
    """Return the text of a Word file as cells in reading order: paragraphs, and table cells row by row."""
    check_office_zip(data, name, DOCX)
    import docx  # deferred: only reading or writing Word files needs it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        # The file passed the zip checks, so what fails now is a malformed part; python-docx reports that
        # with whatever lxml or its package reader raised, and the user only needs to know it is broken.
        raise ReadError(f"{name or '文件'}：Word 文档内容损坏，无法读取（{type(exc).__name__}）") from exc
    body = document.element.body
    return list(_walk(body, _Counter())) if body is not None else []


class _Counter:
    """Number the tables, paragraphs and rows met so far: rows for placement, the rest for messages."""

    def __init__(self) -> None:
        self.tables = 0
        self.paragraphs = 0
        self.rows = 0

    def next_row(self) -> int:
        self.rows += 1
        return self.rows


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """Yield the paragraphs and tables under `parent`, looking through content controls."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)


def _walk(parent: etree._Element, counter: _Counter) -> Iterator[Cell]:
    for block in _blocks(parent):
        if block.tag == _P:
            counter.paragraphs += 1
            text = paragraph_text(block)
            if text.strip():
                yield Cell(text, f"第{counter.paragraphs}段", row=counter.next_row())
        else:
            counter.tables += 1
            yield from _table_cells(block, counter.tables, counter)


def _row_cells(row: etree._Element) -> Iterator[etree._Element]:
    for child in row:
        if child.tag == _TC:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from (c for c in content if c.tag == _TC)


def _table_cells(table: etree._Element, number: int, counter: _Counter) -> Iterator[Cell]:
    rows = [r for r in table.iter(_TR) if _owning_table(r) is table]
    for r, row in enumerate(rows, start=1):
        row_number = counter.next_row()
        column = 0
        for tc in _row_cells(row):
            column += 1
            props = tc.find(_W + "tcPr")
            span = 1
            if props is not None:
                grid_span = props.find(_W + "gridSpan")
                if grid_span is not None:
                    span = _int(grid_span.get(_W + "val"), 1)
                v_merge = props.find(_W + "vMerge")
                # A vertically merged cell continues the one above unless it says "restart": seen once.
                if v_merge is not None and v_merge.get(_W + "val", "continue") != "restart":
                    column += span - 1
                    continue
            where = f"表格{number}第{r}行第{column}列"
            parts = []
            for block in _blocks(tc):
                if block.tag == _P:
                    parts.append(paragraph_text(block))
                else:
                    # A table inside a cell: its cells follow in reading order as cells of their own.
                    text = "\n".join(p for p in parts if p.strip())
                    if text:
                        yield Cell(text, where, row=row_number)
                    parts = []
                    counter.tables += 1
                    yield from _table_cells(block, counter.tables, counter)
            yield Cell("\n".join(p for p in parts if p.strip()), where, row=row_number)
            column += span - 1


def _owning_table(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != _TBL:
        parent = parent.getparent()
    return parent


def paragraph_text(paragraph: etree._Element) -> str:
    """Return the visible text of a w:p: runs, hyperlinks, insertions, tabs, breaks, tick symbols and
    check box form fields."""
    out: list[str] = []
    for node in paragraph.iter(_T, _TAB, _BR, _CR, _SYM, _CHECKBOX):
        if _inside_textbox_or_deletion(node, paragraph):
            continue
        tag = node.tag
        if tag == _T:
            out.append(_wingdings_text(node))
        elif tag == _TAB:
            out.append("\t")
        elif tag == _SYM:
            font = (node.get(_W + "font") or "").lower()
            code = (node.get(_W + "char") or "").upper()
            if len(code) == 2:
                code = "F0" + code
            out.append(_SYMBOLS.get((font, code), ""))
        elif tag == _CHECKBOX:
            out.append("☑" if _checkbox_ticked(node) else "□")
        else:
            out.append("\n")
    return "".join(out)


def _checkbox_ticked(box: etree._Element) -> bool:
    """Return whether a legacy check box form field (FORMCHECKBOX) shows a tick."""
    for name in ("checked", "default"):
        flag = box.find(_W + name)
        if flag is not None:
            return flag.get(_W + "val", "1").lower() not in ("0", "false", "off")
    return False


def _inside_textbox_or_deletion(node: etree._Element, stop: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in (_TXBX, _DEL):
            return True
        parent = parent.getparent()
    return False


# Older files type a tick box as a letter in a symbol font: þ in Wingdings shows ☑, R in Wingdings 2 shows ☑.
_FONT_GLYPHS = {
    "wingdings": {"þ": "☑", "ý": "☒", "ü": "√", "¨": "□", "o": "□"},
    "wingdings 2": {"R": "☑", "T": "☒", "P": "√", "£": "□", "¢": "□", "*": "□"},
}


def _wingdings_text(t: etree._Element) -> str:
    text = t.text or ""
    run = t.getparent()
    props = run.find(_W + "rPr") if run is not None else None
    fonts = props.find(_W + "rFonts") if props is not None else None
    if fonts is None:
        return text
    family = (fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi") or "").lower()
    glyphs = _FONT_GLYPHS.get(family)
    if glyphs is None:
        return text
    return "".join(glyphs.get(ch, ch) for ch in text)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
