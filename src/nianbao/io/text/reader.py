"""Read the text layout: a tab-separated dump of the Word table, as the seed report is written.

A line starting with a tab begins a cell; a following line without a leading tab continues that cell (a
line break inside it, often after a blank line: 信息发布 / （单位：条））; a blank line before a tab line
ends the row. Lines before the table are the header (title, （2020年度）, 填报单位（盖章）：…); lines after it
are the signature line, the notes and the 填写说明. Files in UTF-8 (with or without a BOM), GBK/GB18030 or
UTF-16, with any line endings, read the same.
"""

from __future__ import annotations

import re
import unicodedata
from typing import ClassVar

from nianbao.forms.template import Template
from nianbao.io.base import Cell, ReadError, ReadResult
from nianbao.report.findings import Finding, Severity

# A line that cannot continue a table cell: it starts what follows the table.
_TRAILER_RE = re.compile(r"^\s*(注\s*[:：]|填写说明|单位负责人|审核人|填报人|联系电话|填报时间)")
# Control characters other than tab, line breaks and form feed: many of them mean the bytes are not text.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes, name: str = "") -> str:
    """Return the text of a file in UTF-8, GB18030/GBK or UTF-16; ReadError when it is not text."""
    label = name or "文件"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").lstrip("\ufeff")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise ReadError(f"{label}：不是文本文件（含有二进制内容），请提供报表的文本、HTML、DOCX、XLSX 或 PDF")
    text: str | None = None
    # Strict UTF-8 first: GB18030 decodes most UTF-8 bytes too, into the wrong characters.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    loose = data.decode("utf-8-sig", errors="replace")
    if loose != text and loose.count("\ufffd") <= max(2, len(loose) // 2000):
        # UTF-8 with a stray damaged byte or two (a cut-off copy): GB18030 would turn all of it into
        # nonsense, so the damaged bytes alone are lost (shown as �).
        text = loose
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ReadError(f"{label}：不是文本文件（无法识别文字编码）")
        text = str(best)
    text = text.lstrip("\ufeff")
    if len(_CONTROL_RE.findall(text)) > max(3, len(text) // 100):
        raise ReadError(f"{label}：不是文本文件（含有大量控制字符）")
    return text


def text_cells(text: str) -> list[Cell]:
    """Return the cells of the text layout in reading order, each with its line and table row."""
    cells: list[Cell] = []
    texts: list[str] = []
    lines: list[int] = []
    rows: list[int] = []
    row = 0
    in_table = False
    blank_run = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("\t"):
            if blank_run or not in_table:
                row += 1
            for part in line[1:].split("\t"):
                texts.append(part)
                lines.append(number)
                rows.append(row)
            in_table, blank_run = True, 0
        elif not line.strip():
            blank_run += 1
        elif in_table and blank_run < 2 and not _TRAILER_RE.match(unicodedata.normalize("NFKC", line)):
            # A line break inside a cell: keep it, the label matching folds it away.
            texts[-1] += "\n" * (blank_run + 1) + line
            blank_run = 0
        else:
            in_table, blank_run = False, 0
            row += 1
            texts.append(line)
            lines.append(number)
            rows.append(row)
    for cell_text, number, cell_row in zip(texts, lines, rows, strict=True):
        cells.append(Cell(cell_text, where=f"第{number}行", line=number, row=cell_row))
    return cells


class TextReader:
    format: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".text")

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read a report from the bytes of a text file; ReadError when the bytes hold no report."""
        from nianbao.io.placement import place_cells

        text = decode_text(data, name)
        cells = text_cells(text)
        if not any(c.text.strip() for c in cells):
            raise ReadError(f"{name or '文件'}：未找到报表内容（文件中没有文字）")
        result = place_cells(cells, template=template, source=name)
        if "\ufffd" in text and "\ufffd".encode() not in data:
            damaged = [n for n, line in enumerate(text.splitlines(), start=1) if "\ufffd" in line]
            result.findings.insert(
                0,
                Finding(
                    "W-READ-DAMAGED-BYTES",
                    Severity.WARNING,
                    f"文件中有 {len(damaged)} 行含无法识别的字节（显示为“\ufffd”），这些字符已丢失。"
                    "请核对这些行的内容。",
                    line=damaged[0],
                ),
            )
        return result
