"""Read a report from a PDF with a text layer: ruled tables become cells, the lines around them too.

pdfplumber finds the ruled cells (merged cells included) of the printed form. The header lines above the
first table (year, 填报单位) and the signature line below the last one are read as text. A PDF whose
tables are not ruled falls back to lines of words split at wide gaps. A PDF with no text at all is a
scan: it cannot be read without OCR, and the message says so.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import ClassVar

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from nianbao.forms.template import Template
from nianbao.io.base import Cell, ReadError, ReadResult
from nianbao.io.signature import split_signature, starts_with_signature_label

# A report is a few pages; a huge document is not a report and would only cost time.
MAX_PAGES = 30
_HEADER_RE = re.compile(r"年度|填报单位|报表")
_APPENDIX_RE = re.compile(r"^填写说明")
_NOTES_PREFIX = ("注：", "注:")
SCANNED = "PDF 没有文字层（可能是扫描件），无法读取；请提供带文字的 PDF 或 Word/Excel 版本"


class PdfReader:
    """Read a report from a PDF that has a text layer (printed or exported, not scanned)."""

    format: ClassVar[str] = "pdf"
    suffixes: ClassVar[tuple[str, ...]] = (".pdf",)

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read a report from PDF bytes; ReadError for a corrupt, encrypted or scanned PDF."""
        from nianbao.io.placement import place_cells

        return place_cells(self.cells(data, name=name), template=template, source=name)

    def cells(self, data: bytes, *, name: str = "") -> list[Cell]:
        """Return the report's cells in reading order."""
        label = name or "PDF 文件"
        if not data.lstrip()[:5].startswith(b"%PDF"):
            raise ReadError(f"{label}：不是 PDF 文件（文件头不是 %PDF），可能已损坏或扩展名有误")
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                if len(pdf.pages) > MAX_PAGES:
                    raise ReadError(f"{label}：PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页，不像一份年报")
                return self._cells(pdf, label)
        except ReadError:
            raise
        except PDFPasswordIncorrect as exc:
            raise ReadError(f"{label}：PDF 已加密，无法读取；请提供未加密的版本") from exc
        except (PdfminerException, PDFSyntaxError, PSException) as exc:
            if _encrypted(exc):
                raise ReadError(f"{label}：PDF 已加密，无法读取；请提供未加密的版本") from exc
            raise ReadError(f"{label}：PDF 文件已损坏，无法读取（{_reason(exc)}）") from exc
        except (ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError) as exc:
            # pdfminer reports many kinds of broken structure with plain Python errors.
            raise ReadError(f"{label}：PDF 文件已损坏，无法读取（{type(exc).__name__}）") from exc

    def _cells(self, pdf: pdfplumber.PDF, label: str) -> list[Cell]:
        pages = list(pdf.pages)
        if not pages:
            raise ReadError(f"{label}：PDF 文件已损坏或没有页面，无法读取")
        if not any(page.chars for page in pages):
            raise ReadError(f"{label}：{SCANNED}")
        table_cells: list[Cell] = []
        before: list[tuple[str, float]] = []
        after: list[tuple[str, float]] = []
        seen_table = False
        row_base = 0
        for page_n, page in enumerate(pages, start=1):
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            if not tables:
                (after if seen_table else before).extend(_lines(page))
                continue
            top, bottom = tables[0].bbox[1], tables[-1].bbox[3]
            outside = page.filter(lambda obj, ts=tables: not _inside(obj, ts))
            for text, y in _lines(outside):
                if y < top and not seen_table:
                    before.append((text, y))
                elif y > bottom:
                    after.append((text, y))
            seen_table = True
            for table_n, table in enumerate(tables, start=1):
                rows = table.extract()
                for row_n, row in enumerate(rows, start=1):
                    for col_n, text in enumerate(row, start=1):
                        if text is None:
                            continue
                        where = f"第{page_n}页表格{table_n}第{row_n}行第{col_n}列"
                        table_cells.append(Cell(text, where=where, row=row_base + row_n))
                row_base += len(rows)
        if not seen_table:
            return list(_loose_cells(pdf.pages))
        header = [text for text, _ in before[-6:] if _HEADER_RE.search(text)]
        # Rows number the header lines, then the table rows, then the signature line.
        cells = [Cell(text, where="表格上方", row=-len(header) + n) for n, text in enumerate(header)]
        cells.extend(table_cells)
        cells.extend(_signature(after, row_base + 1))
        return cells


def _encrypted(exc: BaseException) -> bool:
    """Return True when pdfminer failed for want of a password (pdfplumber wraps its errors)."""
    return any(isinstance(e, PDFPasswordIncorrect) for e in (exc, exc.__cause__, *exc.args))


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text[:80] if text else type(exc).__name__


def _inside(obj: dict[str, object], tables: list[object]) -> bool:
    x = (float(obj["x0"]) + float(obj["x1"])) / 2  # type: ignore[arg-type]
    y = (float(obj["top"]) + float(obj["bottom"])) / 2  # type: ignore[arg-type]
    for table in tables:
        x0, top, x1, bottom = table.bbox  # type: ignore[attr-defined]
        if x0 <= x <= x1 and top <= y <= bottom:
            return True
    return False


def _lines(page: object) -> list[tuple[str, float]]:
    """Return the text lines of a page (or filtered page) with their vertical position."""
    return [(line["text"], float(line["top"])) for line in page.extract_text_lines()]  # type: ignore[attr-defined]


def _signature(lines: list[tuple[str, float]], row: int) -> Iterator[Cell]:
    """Yield the signature fields; a line that wrapped goes on with the field it broke."""
    joined: list[str] = []
    for text, _ in lines:
        stripped = text.strip()
        if _APPENDIX_RE.match(stripped) or stripped.startswith(_NOTES_PREFIX):
            break
        if starts_with_signature_label(stripped):
            joined.append(stripped)
        elif joined:
            joined[-1] += stripped
    for n, line in enumerate(joined):
        for part in split_signature(line):
            yield Cell(part, where="表格下方", row=row + n)


def _loose_cells(pages: list[object]) -> Iterator[Cell]:
    """Yield cells from a PDF without ruled tables: each line split where words stand far apart."""
    for page_n, page in enumerate(pages, start=1):
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False)  # type: ignore[attr-defined]
        lines: list[list[dict[str, object]]] = []
        for word in sorted(words, key=lambda w: (round(float(w["top"]) / 3), float(w["x0"]))):
            if lines and abs(float(lines[-1][0]["top"]) - float(word["top"])) < 3:
                lines[-1].append(word)
            else:
                lines.append([word])
        for line_n, line in enumerate(lines, start=1):
            line.sort(key=lambda w: float(w["x0"]))
            parts: list[str] = []
            last_x1: float | None = None
            for word in line:
                size = float(word["bottom"]) - float(word["top"])
                if last_x1 is not None and float(word["x0"]) - last_x1 < 1.5 * size:
                    parts[-1] += " " + str(word["text"])
                else:
                    parts.append(str(word["text"]))
                last_x1 = float(word["x1"])
            for part in parts:
                yield Cell(part, where=f"第{page_n}页第{line_n}行", row=page_n * 1000 + line_n)
