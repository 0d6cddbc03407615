"""Read a report from a PDF with a text layer: ruled cells become cells, the lines around them too.

PDFium (through pypdfium2) reads the page: the ruling lines of the printed form's table and the text in
each ruled region. A province imports hundreds of PDFs, and PDFium reads a page several times faster
than a pure-Python PDF parser. Merged cells are found as regions that no ruling line divides.
The header lines above the first table (year, 填报单位) and the signature line below the last one are read
as text. A PDF whose tables are not ruled falls back to lines of text split at wide gaps. A PDF with no
text at all is a scan: it cannot be read without OCR, and the message says so.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from typing import ClassVar

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from nianbao.forms.template import Template
from nianbao.io.base import Cell, ReadError, ReadResult
from nianbao.io.labels import is_unit_note, known_label_keys, label_key, to_simplified
from nianbao.io.outside import is_header_line, split_signature, starts_with_signature_label

# A report is a few pages; a huge document is not a report and would only cost time.
MAX_PAGES = 30
# Ruling lines closer than this (points) are the same line: borders drawn as thin filled boxes, rounding.
SNAP = 2.0
# A region smaller than this (points) is the gap between two rulings, not a cell.
MIN_CELL = 4.0
# A page whose rulings enclose fewer regions than this holds frames or boxes, not the form's table.
MIN_REGIONS = 4
_APPENDIX_RE = re.compile(r"^填写说明")
_NOTES_PREFIX = ("注：", "注:")
SCANNED = "PDF 没有文字层（可能是扫描件），无法读取；请提供带文字的 PDF 或 Word/Excel 版本"


@dataclass(frozen=True)
class Region:
    """A ruled cell on a page, in PDF coordinates (origin bottom left), with the grid row it starts in."""

    left: float
    bottom: float
    right: float
    top: float
    row: int


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
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise ReadError(f"{label}：PDF 已加密，无法读取；请提供未加密的版本") from exc
            raise ReadError(f"{label}：PDF 文件已损坏，无法读取") from exc
        try:
            return _document_cells(pdf, label)
        except pdfium.PdfiumError as exc:
            # A document can open and still hold a page PDFium cannot load: damaged, not unreadable code.
            raise ReadError(f"{label}：PDF 文件已损坏（有页面无法载入），无法读取") from exc
        finally:
            pdf.close()


def _document_cells(pdf: pdfium.PdfDocument, label: str) -> list[Cell]:
    count = len(pdf)
    if count == 0:
        raise ReadError(f"{label}：PDF 文件已损坏或没有页面，无法读取")
    if count > MAX_PAGES:
        raise ReadError(f"{label}：PDF 有 {count} 页，超过 {MAX_PAGES} 页，不像一份年报")
    pages = [pdf[n] for n in range(count)]
    chars = [_page_chars(page.get_textpage()) for page in pages]
    if not any(chars):
        raise ReadError(f"{label}：{SCANNED}")
    before: list[str] = []
    after: list[str] = []
    table_cells: list[Cell] = []
    row_base = 0
    # Cells at the bottom of the last page's table: a merged cell split by the page break goes on there.
    open_cells: list[tuple[Region, int]] = []
    for page_n, (page, page_chars) in enumerate(zip(pages, chars, strict=True), start=1):
        grid = _grid(page)
        if grid is None:
            (after if table_cells else before).extend(_join_lines(page_chars))
            continue
        inside: dict[int, list[Char]] = {}
        above: list[Char] = []
        below: list[Char] = []
        for char in page_chars:
            n = grid.region_at(char)
            if n is not None:
                inside.setdefault(n, []).append(char)
            elif char.middle > grid.top:
                above.append(char)
            elif char.middle < grid.bottom:
                below.append(char)
        if not table_cells:
            before.extend(_join_lines(above))
        continued = _continued(open_cells, grid)
        texts = ["\n".join(_join_lines(inside.get(n, []))) for n in range(len(grid.regions))]
        # An item's label broken by the page break means the whole row was: its cells all go on here.
        row_split = any(
            _broken(table_cells[earlier].text, texts[n], sections=False) for n, earlier in continued.items()
        )
        closing: list[tuple[Region, int]] = []
        for n, region in enumerate(grid.regions):
            where = f"第{page_n}页表格第{region.row + 1}行"
            text = texts[n]
            earlier = continued.get(n)
            if earlier is not None and (row_split or _broken(table_cells[earlier].text, text)):
                # 用户 / 访问: the section's name was broken by the page break; it is one cell. A row the
                # browser broke (媒体评论文章数量（单位： / 篇）) has its value below the break as well.
                table_cells[earlier] = replace(table_cells[earlier], text=table_cells[earlier].text + text)
                text = ""
            if abs(region.bottom - grid.bottom) <= SNAP:
                closing.append((region, len(table_cells)))
            table_cells.append(Cell(text, where=where, row=row_base + region.row + 1))
        open_cells = closing
        row_base += max(r.row for r in grid.regions) + 1
        after = _join_lines(below)
    if not table_cells:
        return list(_loose_cells(chars))
    header = [line for line in before[-6:] if is_header_line(to_simplified(line))]
    # Rows number the header lines, then the table rows, then the signature line.
    cells = [Cell(line, where="表格上方", row=-len(header) + n) for n, line in enumerate(header)]
    cells.extend(table_cells)
    cells.extend(_signature(after, row_base + 1))
    return cells


def _continued(open_cells: list[tuple[Region, int]], grid: Grid) -> dict[int, int]:
    """Map regions at the top of this page's table to the cell in the same columns at the bottom of the
    previous page's table (the candidates for a cell the page break split)."""
    found: dict[int, int] = {}
    for n, region in enumerate(grid.regions):
        if abs(region.top - grid.top) > SNAP:
            continue
        for earlier, index in open_cells:
            if abs(earlier.left - region.left) <= SNAP and abs(earlier.right - region.right) <= SNAP:
                found[n] = index
    return found


def _broken(head: str, tail: str, *, sections: bool = True) -> bool:
    """Return True when two texts are the halves of one name (用户 + 访问), neither a name by itself;
    with `sections` False, only the name of an item counts."""
    if not head.strip() or not tail.strip():
        return False
    known = known_label_keys(sections)
    return label_key(head + tail) in known and label_key(head) not in known and label_key(tail) not in known


@dataclass(frozen=True, slots=True)
class Char:
    """One character on a page with its box (PDF coordinates, origin bottom left)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    generated: bool = False  # a space PDFium inferred from a gap, not one the PDF holds
    order: int = 0  # its place in the page's text, in the order the PDF draws it

    @property
    def middle(self) -> float:
        return (self.bottom + self.top) / 2

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


def _page_chars(text: pdfium.PdfTextPage) -> list[Char]:
    """Return the characters of a page with their boxes.

    Boxes are the loose ones (advance width, font ascent and descent), not the ink: gaps between them
    are real spacing, and glyphs of one line share their middle whatever their shape.
    """
    chars = []
    box = pdfium_c.FS_RECTF()
    raw = text.raw
    for n in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, n)
        if code in (0, 10, 13, 0xFFFE, 0xFFFF):
            continue
        # PDFium marks even a space the PDF does hold as generated; the ones it infers from a wide gap
        # are judged in _line_text (a gap Word leaves between 326 and 条 is no space). Generated line
        # breaks are left out.
        generated = pdfium_c.FPDFText_IsGenerated(raw, n) == 1
        if generated and code != 32:
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, n, box)
        chars.append(Char(chr(code), box.left, box.bottom, box.right, box.top, generated, n))
    return chars


def _join_lines(chars: list[Char]) -> list[str]:
    """Return the text lines the characters form, top to bottom, each read left to right."""
    return [text for text in (_line_text(line) for line in _split_lines(chars)) if text]


def _split_lines(chars: list[Char]) -> list[list[Char]]:
    """Group characters into lines, each sorted left to right.

    A glyph from another font (a ☑ drawn in a symbol font) may sit a little off the baseline; lines are
    told apart by the middle of the glyphs, with half a glyph's height of tolerance.
    """
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: -c.middle):
        if lines and abs(lines[-1][0].middle - char.middle) < 0.5 * max(lines[-1][0].height, char.height):
            lines[-1].append(char)
        else:
            lines.append([char])
    for line in lines:
        line.sort(key=lambda c: c.left)
    return lines


def _line_text(line: list[Char]) -> str:
    kept = [c for n, c in enumerate(line) if not c.generated or _word_space(line, n)]
    return re.sub(" +", " ", "".join(char.text for char in kept)).strip()


# A gap beside a Chinese character at least this share of the line's height is a space; narrower, spacing.
# Measured: LibreOffice's gap between Chinese and Latin text is 0.22-0.23, a space glyph 0.3.
_CJK_SPACE = 0.27


def _word_space(line: list[Char], n: int) -> bool:
    """Return True when a space PDFium inferred from a gap separates words, not merely spaced glyphs.

    Chinese text has no spaces between words: a narrow gap beside a Chinese character is spacing (Word's
    gap between 326 and 条, slightly letter-spaced cells). Between Latin letters or digits it is a space
    only when it is wider than the line's ordinary gap between glyphs.
    """
    before = next((c for c in reversed(line[:n]) if not c.text.isspace()), None)
    after = next((c for c in line[n + 1 :] if not c.text.isspace()), None)
    if before is None or after is None:
        return False
    if not before.text.isascii() or not after.text.isascii():
        # Word and LibreOffice leave about a fifth of the line's height between Chinese and Latin text
        # (326 条); a space glyph (which PDFium may report as inferred too) is wider.
        return after.left - before.right >= _CJK_SPACE * after.height
    glyphs = [c for c in line if not c.text.isspace()]
    gaps = sorted(b.left - a.right for a, b in itertools.pairwise(glyphs))
    ordinary = gaps[len(gaps) // 2] if gaps else 0.0
    return after.left - before.right > ordinary + 0.1 * after.height


Segment = tuple[float, float, float]


def _segments(page: pdfium.PdfPage) -> tuple[list[Segment], list[Segment]]:
    """Return the page's horizontal (y, x0, x1) and vertical (x, y0, y1) ruling segments."""
    horizontal: list[Segment] = []
    vertical: list[Segment] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        a, b, c, d, e, f = obj.get_matrix().get()
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        for n in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, n)
            pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not points:
                points = [point]
                start = point
            else:
                points.append(point)
                _add(points[-2], point, horizontal, vertical)
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                _add(point, start, horizontal, vertical)
    return horizontal, vertical


Point = tuple[float, float]


def _add(p: Point, q: Point, horizontal: list[Segment], vertical: list[Segment]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < SNAP / 2 and abs(x0 - x1) >= MIN_CELL:
        horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) < SNAP / 2 and abs(y0 - y1) >= MIN_CELL:
        vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _snap(values: list[float]) -> list[float]:
    """Return the distinct positions among values, those within SNAP of each other taken as one."""
    result: list[float] = []
    for value in sorted(values):
        if not result or value - result[-1] > SNAP:
            result.append(value)
    return result


def _covered(segments: list[Segment], at: float, lo: float, hi: float) -> bool:
    """Return True when a ruling at `at` runs over the middle of the span lo..hi."""
    mid = (lo + hi) / 2
    return any(abs(pos - at) <= SNAP and a - SNAP <= mid <= b + SNAP for pos, a, b in segments)


@dataclass
class Grid:
    """The ruled cells of a page: regions in reading order and a lookup from a point to its region."""

    xs: list[float]
    ys: list[float]  # descending: the top of the page first
    regions: list[Region]
    cell_region: dict[tuple[int, int], int]

    @property
    def top(self) -> float:
        return max(r.top for r in self.regions)

    @property
    def bottom(self) -> float:
        return min(r.bottom for r in self.regions)

    def region_at(self, char: Char) -> int | None:
        """Return the index of the region holding the middle of a character, or None."""
        x = (char.left + char.right) / 2
        c = bisect.bisect_right(self.xs, x) - 1
        r = bisect.bisect_right(self.descending, -char.middle) - 1
        if not (0 <= c < len(self.xs) - 1 and 0 <= r < len(self.ys) - 1):
            return None
        return self.cell_region.get((r, c))

    @cached_property
    def descending(self) -> list[float]:
        """Return the rulings' heights negated, ascending, for bisect."""
        return [-y for y in self.ys]


def _grid(page: pdfium.PdfPage) -> Grid | None:
    """Return the ruled cells of a page: merged cells are regions that no ruling divides; None if none."""
    horizontal, vertical = _segments(page)
    if len(horizontal) < 2 or len(vertical) < 2:
        return None
    _close_cut_edges(horizontal, vertical)
    xs = _snap([v[0] for v in vertical])
    ys = sorted(_snap([h[0] for h in horizontal]), reverse=True)
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1:
        return None
    parent = list(range(rows * cols))

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _covered(vertical, xs[c + 1], ys[r + 1], ys[r]):
                parent[find(r * cols + c + 1)] = find(r * cols + c)
            if r + 1 < rows and not _covered(horizontal, ys[r + 1], xs[c], xs[c + 1]):
                parent[find((r + 1) * cols + c)] = find(r * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(find(r * cols + c), []).append((r, c))
    found: list[tuple[Region, list[tuple[int, int]]]] = []
    for members in groups.values():
        r0, r1 = min(m[0] for m in members), max(m[0] for m in members)
        c0, c1 = min(m[1] for m in members), max(m[1] for m in members)
        if len(members) != (r1 - r0 + 1) * (c1 - c0 + 1):
            continue  # not a rectangle: the space around or between tables
        left, right, top, bottom = xs[c0], xs[c1 + 1], ys[r0], ys[r1 + 1]
        if right - left < MIN_CELL or top - bottom < MIN_CELL:
            continue
        enclosed = (
            _covered(horizontal, top, left, right)
            and _covered(horizontal, bottom, left, right)
            and _covered(vertical, left, bottom, top)
            and _covered(vertical, right, bottom, top)
        )
        if enclosed:
            found.append((Region(left, bottom, right, top, r0), members))
    if len(found) < MIN_REGIONS:
        return None  # a frame around the page or a box around a paragraph, not a table
    found.sort(key=lambda f: (f[0].row, f[0].left))
    cell_region = {cell: n for n, (_, members) in enumerate(found) for cell in members}
    return Grid(xs, ys, [region for region, _ in found], cell_region)


def _close_cut_edges(horizontal: list[Segment], vertical: list[Segment]) -> None:
    """Rule the edge where a page break cut the table open (browsers draw no border there), so the
    cells cut by the break are still cells: the column rulings' lowest end and highest start."""
    left = min(v[0] for v in vertical)
    right = max(v[0] for v in vertical)
    for edge in (min(v[1] for v in vertical), max(v[2] for v in vertical)):
        if not any(abs(h[0] - edge) <= SNAP for h in horizontal):
            horizontal.append((edge, left, right))


def _signature(lines: list[str], row: int) -> Iterator[Cell]:
    """Yield the signature fields; a line that wrapped goes on with the field it broke."""
    joined: list[str] = []
    for line in lines:
        if _APPENDIX_RE.match(line) or line.startswith(_NOTES_PREFIX):
            break
        if starts_with_signature_label(to_simplified(line)):
            joined.append(line)
        elif joined and ("：" in line or ":" in line or re.search(r"[:：]\s*$", joined[-1])):
            # A field broken over two lines (填报 / 人：…, or the value under its label); other text under
            # the signature (a page footer) is not part of it.
            joined[-1] += line
        elif joined:
            break
    for n, line in enumerate(joined):
        for part in split_signature(line):
            yield Cell(part, where="表格下方", row=row + n)


def _loose_cells(pages: list[list[Char]]) -> Iterator[Cell]:
    """Yield cells from a PDF without ruled tables.

    With no rulings, a cell is rebuilt from where its text stands: each line is cut where a character
    starts a column (a left edge that many lines share, after a gap) or stands far from the one before,
    and a cell's wrapped lines are stacked back together (see _stack). Each cell goes on the line
    nearest its middle, so a label wrapped around its value's line (政府网站 / 4508210001 / 标识码)
    stands in the value's row.
    """
    for page_n, chars in enumerate(pages, start=1):
        lines = _unruled_lines(chars)
        starts = _column_starts(lines)
        pieces = _rejoin_signature(
            [piece for n, line in enumerate(lines) for piece in _pieces(line, n, starts)]
        )
        middles = [line[0].middle for line in lines]
        for line_n, _, text in sorted(_stack(pieces, middles)):
            yield Cell(text, where=f"第{page_n}页第{line_n + 1}行", row=page_n * 1000 + line_n + 1)


def _unruled_lines(chars: list[Char]) -> list[list[Char]]:
    """Group characters into lines by the heights of their middles, each line sorted left to right.

    Centred cells of one line and of two stand half a line apart, closer than _split_lines tells apart
    (it measures from a line's first glyph, so a glyph whose loose box sits a fraction higher fell on
    the wrong side). Here a line ends where the middles, top to bottom, drop by more than a quarter of a
    glyph's height; glyphs of one run differ by a fraction of a point, a ☑ off the baseline by a little.
    """
    lines: list[list[Char]] = []
    previous: Char | None = None
    # Spaces are left out: cells are cut at gaps, and a space's box is not a glyph's height.
    for char in sorted((c for c in chars if not c.text.isspace()), key=lambda c: -c.middle):
        if previous is None or previous.middle - char.middle > 0.25 * max(previous.height, char.height):
            lines.append([])
        lines[-1].append(char)
        previous = char
    for line in lines:
        line.sort(key=lambda c: c.left)
    return lines


def _rejoin_signature(pieces: list[_Piece]) -> list[_Piece]:
    """Join the signature paragraph's wrapped line back on: the run that starts the next line at the
    paragraph's left edge goes on the field the line broke (联系电话：0777- / 3692580)."""
    by_line: dict[int, list[_Piece]] = {}
    for piece in pieces:
        by_line.setdefault(piece.line, []).append(piece)
    lines = sorted(by_line)
    dropped: set[int] = set()
    for n, m in itertools.pairwise(lines):
        first, head = by_line[n][0], by_line[m][0]
        if (
            starts_with_signature_label(to_simplified(first.text))
            and not starts_with_signature_label(to_simplified(head.text))
            and not head.text.startswith(_NOTES_PREFIX)
            and not _APPENDIX_RE.match(head.text)
            and abs(head.left - first.left) <= 0.5 * first.height
            and first.middle - head.middle <= _WRAP_SPACING * first.height
        ):
            by_line[n][-1].chars.extend(head.chars)
            dropped.add(id(head))
    return [piece for piece in pieces if id(piece) not in dropped]


# A gap at least this share of the line's height may separate two cells (a space in Latin text is about
# a quarter); it does when the next character starts a column. Wider than _FAR, it always does.
_CELL_GAP = 0.35
_FAR = 0.9
# A column start is a left edge (within this many points) that begins a cell on this many lines.
_COLUMN_SNAP = 1.5
_COLUMN_LINES = 3
# Wrapped lines of one cell stand at most this many line heights apart, middle to middle.
_WRAP_SPACING = 1.6


@dataclass
class _Piece:
    """A run of characters on one line that belongs to one cell."""

    chars: list[Char]
    line: int

    @property
    def left(self) -> float:
        return self.chars[0].left

    @property
    def right(self) -> float:
        return self.chars[-1].right

    @property
    def height(self) -> float:
        return max(c.height for c in self.chars)

    @property
    def middle(self) -> float:
        return sum(c.middle for c in self.chars) / len(self.chars)

    @property
    def text(self) -> str:
        return _line_text(self.chars)


def _glyphs(line: list[Char]) -> list[Char]:
    return [c for c in line if not c.text.isspace()]


def _column_starts(lines: list[list[Char]]) -> list[float]:
    """Return the left edges where cells begin on several lines: the columns of an unruled table."""
    found: list[tuple[float, int]] = []
    for n, line in enumerate(lines):
        glyphs = _glyphs(line)
        for k, char in enumerate(glyphs):
            if k == 0 or char.left - glyphs[k - 1].right >= _CELL_GAP * char.height:
                found.append((char.left, n))
    found.sort()
    starts: list[float] = []
    group: list[tuple[float, int]] = []
    for x, n in [*found, (float("inf"), -1)]:
        if group and x - group[0][0] > _COLUMN_SNAP:
            if len({m for _, m in group}) >= _COLUMN_LINES:
                starts.append(group[0][0])
            group = []
        group.append((x, n))
    return starts


def _pieces(line: list[Char], n: int, starts: list[float]) -> list[_Piece]:
    """Cut a line into the runs of its cells: at a wide gap, or at a narrower one before a column start.

    Text printed over other text (a cell overflowing into its neighbour: 识码 over 网站中文域) is cut
    apart first, by the order the PDF draws it, so the two do not interleave glyph by glyph.
    """
    pieces = [piece for run in _overprinted_runs(_glyphs(line)) for piece in _cut(run, n, starts)]
    return sorted(pieces, key=lambda piece: piece.left)


def _overprinted_runs(glyphs: list[Char]) -> list[list[Char]]:
    """Return the line as one run, or, where glyphs overlap, as the runs the PDF draws one after another."""
    overlapping = any(b.left < a.right - 0.3 * (a.right - a.left) for a, b in itertools.pairwise(glyphs))
    if not overlapping:
        return [glyphs]
    runs: list[list[Char]] = []
    for char in sorted(glyphs, key=lambda c: c.order):
        last = runs[-1][-1] if runs else None
        if last is not None and char.order - last.order <= 2 and char.left >= last.right - 0.3 * char.height:
            runs[-1].append(char)
        else:
            runs.append([char])
    return runs


def _cut(glyphs: list[Char], n: int, starts: list[float]) -> list[_Piece]:
    pieces: list[_Piece] = []
    for char in glyphs:
        if pieces:
            gap = char.left - pieces[-1].right
            column = any(abs(char.left - x) <= _COLUMN_SNAP for x in starts)
            if gap <= _FAR * char.height and not (column and gap >= _CELL_GAP * char.height):
                pieces[-1].chars.append(char)
                continue
        pieces.append(_Piece([char], n))
    return [piece for piece in pieces if piece.text]


_UNIT_START_RE = re.compile(r"^[（(]单位")
_UNIT_TAIL_RE = re.compile(r"[（(]单位.*$")


def _continues(head: str, tail: str) -> bool:
    """Return True when `tail`, on the line under `head` in the same column, is the rest of its cell.

    Spacing alone cannot tell a wrapped line from the next row's cell (a workbook's rows can be as tight
    as its lines), so the text must say so too: a bracket left open, a unit note under its label, or two
    halves of a known name neither of which is one by itself (解读信息 / 发布).
    """
    if head.count("（") + head.count("(") > head.count("）") + head.count(")"):
        return True
    if _UNIT_START_RE.match(tail) and not _UNIT_START_RE.match(head):
        return True
    # 公布调查结果 / 数量（单位：: the name's second half may carry the start of a unit note.
    return _broken(head, _UNIT_TAIL_RE.sub("", tail))


def _stack(pieces: list[_Piece], middles: list[float]) -> list[tuple[int, float, str]]:
    """Stack each cell's wrapped lines back together; return (line, left, text) for every cell."""
    by_line: dict[int, list[_Piece]] = {}
    for piece in pieces:
        by_line.setdefault(piece.line, []).append(piece)
    pitch = _wrap_pitch(pieces, by_line)
    known = known_label_keys(True)
    # The signature is a paragraph, not cells: a line it wraps onto is split by split_signature later.
    signature = {n for n, row in by_line.items() if starts_with_signature_label(to_simplified(row[0].text))}
    used: set[int] = set()
    stacks: list[tuple[list[_Piece], str]] = []
    for piece in pieces:
        if id(piece) in used:
            continue
        stack = [piece]
        text = piece.text
        while (below := _under(stack[-1], by_line, used)) is not None and (
            _continues(text, below.text)
            or (
                pitch is not None
                and stack[-1].middle - below.middle <= pitch
                and not {stack[-1].line, below.line} & signature
                # A name under a cell starts a cell of its own, unless the two make one (网站 / 名称).
                and (label_key(below.text) not in known or label_key(text + below.text) in known)
            )
        ):
            stack.append(below)
            used.add(id(below))
            text += below.text
        stacks.append((stack, text))
    # Cells of one line stand in the row of that line; a wrapped cell joins the first row, among the
    # lines it spans, where one-line cells stand (Word's top-aligned 电子标识 / 码 beside its code, a
    # section's name spanning rows), else the line nearest its middle (a browser's centred 政府网站 /
    # 标识码 around its value).
    singles: dict[int, int] = {}
    for stack, _ in stacks:
        if len(stack) == 1:
            singles[stack[0].line] = singles.get(stack[0].line, 0) + 1
    cells: list[tuple[int, float, str]] = []
    for stack, text in stacks:
        middle = (stack[0].middle + stack[-1].middle) / 2
        spanned = range(stack[0].line, stack[-1].line + 1)
        line = next(
            (m for m in spanned if singles.get(m)),
            min(spanned, key=lambda m: abs(middles[m] - middle)),
        )
        cells.append((line, stack[0].left, text))
    return _join_name_lines(_lift_sections(cells))


# Lines of one cell are this close (in line heights); rows must stand visibly farther apart than this
# share of it before spacing alone is trusted to tell a wrapped line from the next row.
_PITCH_SLACK = 1.15
_ROWS_APART = 1.3


def _wrap_pitch(pieces: list[_Piece], by_line: dict[int, list[_Piece]]) -> float | None:
    """Return the spacing of a cell's wrapped lines on this page (middle to middle, in points), or
    None when rows stand as close as lines (a workbook's tight rows) and spacing cannot tell them.

    The closest runs one under the other in a column are the lines of one cell; a run under another
    farther off than that starts the next row.
    """
    found = []
    for piece in pieces:
        below = _under(piece, by_line, set(), reach=3 * _WRAP_SPACING)
        if below is not None:
            found.append(piece.middle - below.middle)
    closest = min(found, default=0.0)
    heights = sorted(p.height for p in pieces)
    if not heights or closest < 0.95 * heights[len(heights) // 2]:
        return None  # lines printed over each other (cells overflowing): spacing means nothing
    if not any(d > _ROWS_APART * closest for d in found):
        return None
    return closest * _PITCH_SLACK


def _join_name_lines(cells: list[tuple[int, float, str]]) -> list[tuple[int, float, str]]:
    """Read two lines of names side by side as one row when none stands over another.

    A header whose labels wrap to different heights (公布调查 / 结果数量 beside 参与人数) is set at the
    top of its cells by Word: the longer label ends on a line of its own, which would read it after its
    neighbours and give it their values.
    """
    known = known_label_keys(True)

    def named(text: str) -> bool:
        return label_key(text) in known or is_unit_note(text)

    rows: dict[int, list[tuple[int, float, str]]] = {}
    for cell in sorted(cells):
        rows.setdefault(cell[0], []).append(cell)
    joined: list[tuple[int, float, str]] = []
    previous: int | None = None
    for line in sorted(rows):
        row = rows[line]
        above = [cell for cell in joined if cell[0] == previous]
        if (
            previous is not None
            and all(named(text) for _, _, text in row + above)
            and not _stands_over(above, row)
        ):
            joined.extend((previous, left, text) for _, left, text in row)
            continue
        joined.extend(row)
        previous = line
    return sorted(joined)


def _stands_over(above: list[tuple[int, float, str]], row: list[tuple[int, float, str]]) -> bool:
    """Return True when a cell of `row` starts at the left edge of a cell above (a label's unit note)."""
    return any(abs(a - b) <= _COLUMN_SNAP for _, a, _ in above for _, b, _ in row)


def _lift_sections(cells: list[tuple[int, float, str]]) -> list[tuple[int, float, str]]:
    """Move a section's name that stands alone or beside values up to the nearest line of names above.

    A section's name spans its rows and stands in their middle (用户访问 between its row of labels and
    its row of values, 互动交流 beside a row of values): a ruled table reads it with the first of its
    rows, and the unruled one must too, or it cuts the labels off from their values.
    """
    known = known_label_keys(True)
    sections = known - known_label_keys(False)
    # Top to bottom, each name looking at the lines as already moved (在线访谈 before 互动交流).
    lifted = sorted(cells)
    for n, (line, left, text) in enumerate(lifted):
        if label_key(text) in sections and _beside_values(lifted, line, left, known):
            lifted[n] = (_label_line_above(lifted, line, known), left, text)
    return lifted


def _beside_values(cells: list[tuple[int, float, str]], line: int, left: float, known: set[str]) -> bool:
    """Return True when the cells right of a name on its line, if any, are all values, none a name."""
    right = [text for other, x, text in cells if other == line and x > left]
    return all(label_key(text) not in known for text in right)


def _label_line_above(cells: list[tuple[int, float, str]], line: int, known: set[str]) -> int:
    """Return the nearest line above holding a name (the labels the values answer), within a few lines."""
    named = [other for other, _, text in cells if line - 6 <= other < line and label_key(text) in known]
    return max(named, default=line)


def _under(
    piece: _Piece, by_line: dict[int, list[_Piece]], used: set[int], reach: float = _WRAP_SPACING
) -> _Piece | None:
    """Return the nearest run below a piece that starts in its column, within a wrapped line's spacing;
    None when nothing is there or another run stands under the piece first."""
    for line in sorted(n for n in by_line if n > piece.line):
        candidates = [p for p in by_line[line] if id(p) not in used]
        if not candidates:
            continue
        if piece.middle - candidates[0].middle > reach * piece.height:
            return None
        for other in candidates:
            if abs(other.left - piece.left) <= 0.5 * piece.height:
                return other
            if other.left < piece.right and other.right > piece.left:
                return None
    return None
