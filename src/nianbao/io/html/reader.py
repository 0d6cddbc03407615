"""Read a report from a published HTML page: find the table that holds it, emit its cells in reading order.

Real pages wrap the report in navigation, footers and layout tables, and split it over several tables;
the report tables are the ones whose cells carry the form's labels. The header lines just above the
first report table (year, 填报单位) and the signature line below the last one are read too. Placing the
cells onto items is shared with every other format (nianbao.io.placement).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import ClassVar

import lxml.etree
import lxml.html
from charset_normalizer import from_bytes

from nianbao.forms.template import Template, get_template, template_ids
from nianbao.io.base import Cell, ReadError, ReadResult
from nianbao.io.labels import label_key, to_simplified
from nianbao.io.outside import is_header_line, split_signature, starts_with_signature_label

# Elements whose text is never part of the report.
_DROP = ("script", "style", "noscript", "template", "nav", "footer", "iframe", "object", "svg", "button")
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "section", "article", "center"}
# A table counts as part of the report when this many of its cells carry a label of the form.
_MIN_HITS = 3
_SHARE_OF_BEST = 0.25
# Header lines are looked for among the last few blocks before the first report table.
_HEADER_WINDOW = 6
_SIGNATURE_WINDOW = 12
_APPENDIX_RE = re.compile(r"^填写说明")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


@cache
def _known_labels() -> frozenset[str]:
    labels: set[str] = set()
    for template_id in template_ids():
        template = get_template(template_id)
        for section in template.sections:
            labels.update((section.label, *section.aliases))
        for item in template.items:
            labels.update(item.labels)
            labels.update(item.options)
    return frozenset(label_key(label) for label in labels if len(label) >= 2)


def decode_html(data: bytes) -> str:
    """Return the page as text: UTF-8, else the declared charset, else the detected one (GBK pages)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET_RE.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk"):
            name = "gb18030"  # the superset: pages declared GB2312 often hold GBK characters
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", errors="replace")


def _text(element: lxml.html.HtmlElement) -> str:
    """Return an element's text with line breaks for <br> and between blocks, as a person sees it."""
    pieces: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        if node.tag == "br" or (isinstance(node.tag, str) and node.tag in _BLOCKS and pieces):
            pieces.append("\n")
        if node.text and isinstance(node.tag, str):
            pieces.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(element)
    return "".join(pieces).strip()


def _own_cells(table: lxml.html.HtmlElement) -> Iterator[tuple[int, int, lxml.html.HtmlElement]]:
    """Yield (row, column, cell) for the cells of a table itself, not of tables nested in it."""
    row_n = 0
    for row in table.iter("tr"):
        if _owner_table(row) is not table:
            continue
        row_n += 1
        col_n = 0
        for cell in row:
            if cell.tag in ("td", "th"):
                col_n += 1
                yield row_n, col_n, cell


def _owner_table(node: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    parent = node.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _hits(table: lxml.html.HtmlElement) -> int:
    known = _known_labels()
    return sum(1 for _, _, cell in _own_cells(table) if _cell_key(_text(cell)) in known)


@lru_cache(maxsize=4096)
def _cell_key(text: str) -> str:
    # Published reports repeat the same labels; a cache spares the conversion to simplified characters.
    return label_key(text)


Element = lxml.html.HtmlElement


def _leaf_blocks(root: Element, tables: list[Element]) -> list[Element]:
    """Return the innermost block elements outside the report's tables, in document order.

    Blocks inside other tables count: old sites lay the whole article out in a table.
    """
    # One pass marks every element that holds a block or a table; deep pages stay linear in size.
    holders: set[Element] = set()
    for element in root.iter(*_BLOCKS, "table"):
        holders.update(element.iterancestors())
    inside = set(tables)
    return [
        e
        for e in root.iter(*_BLOCKS)
        if e not in holders and not any(a in inside for a in e.iterancestors("table"))
    ]


class HtmlReader:
    """Read a report from an HTML page holding the form as a table, whatever surrounds it."""

    format: ClassVar[str] = "html"
    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml", ".shtml")

    def read(self, data: bytes, *, name: str = "", template: Template | None = None) -> ReadResult:
        """Read a report from the bytes of an HTML page; ReadError when the page holds no report."""
        from nianbao.io.placement import place_cells

        cells = self.cells(data, name=name)
        return place_cells(cells, template=template, source=name)

    def cells(self, data: bytes, *, name: str = "") -> list[Cell]:
        """Return the report's cells in reading order; ReadError when the page holds no report table."""
        label = name or "网页"
        try:
            root = lxml.html.document_fromstring(
                decode_html(data),
                parser=lxml.html.HTMLParser(huge_tree=False, no_network=True, remove_comments=True),
            )
        except (lxml.etree.ParserError, ValueError) as exc:
            raise ReadError(f"{label}：无法解析网页（{exc}）") from exc
        for element in list(root.iter(*_DROP)):
            parent = element.getparent()
            if parent is not None:
                element.drop_tree()
        # A layout table around the report holds its labels only through nested tables, which _own_cells
        # ignores, so only the tables that carry the form themselves count.
        hits = [(table, _hits(table)) for table in root.iter("table")]
        best = max((n for _, n in hits), default=0)
        if best < _MIN_HITS:
            raise ReadError(f"{label}：网页中没有找到年报表格（没有认出报表的项目名称），无法读取")
        # A report split over several tables has several with many labels; a menu that happens to name a
        # few sections (信息发布, 互动交流) has far fewer than the report's biggest table.
        floor = max(_MIN_HITS, best * _SHARE_OF_BEST)
        tables = [table for table, n in hits if n >= floor]
        cells: list[Cell] = []
        first, last = tables[0], tables[-1]
        order = {element: n for n, element in enumerate(root.iter())}
        blocks = _leaf_blocks(root, tables)
        start = order[first]
        end = max(order[e] for e in last.iter())
        before = [b for b in blocks if order[b] < start][-_HEADER_WINDOW:]
        # Rows number the header lines, then every table's rows, then the signature line.
        row_base = 0
        for block in before:
            text = _text(block)
            if is_header_line(to_simplified(text)):
                row_base += 1
                cells.append(Cell(text, where="表格上方", row=row_base))
        for n, table in enumerate(tables, start=1):
            captions = [c for c in table.iter("caption") if _owner_table(c) is table]
            for caption in captions:
                inner = [b for b in caption.iter(*_BLOCKS) if b is not caption]
                for block in inner or [caption]:
                    text = _text(block)
                    if text:
                        row_base += 1
                        cells.append(Cell(text, where=f"表格{n}标题", row=row_base))
            last_row = 0
            for row_n, col_n, cell in _own_cells(table):
                last_row = row_n
                cells.append(Cell(_text(cell), where=f"表格{n}第{row_n}行第{col_n}列", row=row_base + row_n))
            row_base += last_row
        # Old sites put the signature fields in the cells of a small table of their own under the report.
        cells_after = [
            td
            for td in root.iter("td", "th")
            if order[td] > end and not any(True for _ in td.iter(*_BLOCKS, "table"))
        ]
        after = sorted([b for b in blocks if order[b] > end] + cells_after, key=order.__getitem__)
        cells.extend(_signature(after, row_base + 1))
        return cells


def _signature(blocks: list[lxml.html.HtmlElement], row: int) -> Iterator[Cell]:
    """Yield the signature fields from the blocks under the table, up to the 填写说明."""
    blocks = blocks[: _SIGNATURE_WINDOW * 2]
    for n, block in enumerate(blocks[: _SIGNATURE_WINDOW * 2]):
        text = _text(block)
        if block.tag in ("td", "th") and re.search(r"[:：]\s*$", text) and n + 1 < len(blocks):
            # "单位负责人：" in one cell and the name in the next, a table of label and value columns.
            following = _text(blocks[n + 1])
            if not starts_with_signature_label(to_simplified(following)):
                text += following
        if _APPENDIX_RE.match(text):
            return
        if block.tag == "dd":
            continue
        if block.tag == "dt":
            dd = block.getnext()
            value = _text(dd) if dd is not None and dd.tag == "dd" else ""
            text = f"{text}：{value}"
        if starts_with_signature_label(to_simplified(text)):
            for part in split_signature(text):
                yield Cell(part, where="表格下方", row=row)
