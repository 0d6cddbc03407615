"""Place cells read in reading order onto the items of a template: the engine every layout reader shares.

A reader (text, HTML, DOCX, XLSX, PDF) only turns its input into Cells; this module decides what each cell
is (a section header, an item's label, a value, the header or signature line, the notes, the 填写说明) and
which item each value belongs to:

- labels match whatever their width, spacing, unit note or script (nianbao.io.labels);
- a label printed in several places (总数, 名称, 信息发布量, 关注量, 其他) is resolved by the section headers
  seen most recently, then by the first such item not yet filled, in the template's order;
- values are matched to labels through a queue of labels awaiting values: "label, value" pairs and "row"
  sections (a row of labels, then a row of values, matched by position from the right) both fit it;
- an empty cell right after a label is that item left blank; ☑/□ options spread over several cells are
  joined; 创新发展 may come as one cell of ticks or as one row per option with 有/无;
- whatever cannot be placed (a value with no label, a label with no value, an item given twice with
  different values) becomes a Finding with its location. Nothing is guessed silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace

from nianbao.forms.template import Template
from nianbao.io.base import Cell, ReadError, ReadResult
from nianbao.io.labels import LabelIndex, detect_template, document_region
from nianbao.io.placement.placer import Placer

__all__ = ["detect_template", "keep_traditional", "place_cells"]

# Whether text in traditional characters is converted to simplified; set for a whole read (any format)
# by keep_traditional(), so the readers need not pass the choice along.
_SIMPLIFY: ContextVar[bool] = ContextVar("nianbao_simplify", default=True)


@contextmanager
def keep_traditional(keep: bool = True) -> Iterator[None]:
    """Within the block, keep values written in traditional characters as written (no conversion)."""
    token = _SIMPLIFY.set(not keep)
    try:
        yield
    finally:
        _SIMPLIFY.reset(token)


def place_cells(
    cells: list[Cell], template: Template | None = None, source: str = "", *, simplify: bool | None = None
) -> ReadResult:
    """Place cells in reading order onto a template's items; work the template out when not given.

    Text values in traditional characters are converted to simplified with a W-READ-TRADITIONAL warning,
    unless `simplify` is False (default: as keep_traditional() says). Raise ReadError when the cells hold
    no report (no template matches, or no label is recognised).
    """
    label = source or "输入"
    if template is None:
        template = detect_template([c.text for c in cells])
        if template is None:
            raise ReadError(f"{label}：未找到报表内容（没有认出政府网站工作年度报表的项目名称）")
    # The title is the document's own (广东政府网站工作年度报表, or the national one): the report keeps it,
    # so writing it out again prints the same title, whichever template read it.
    region = document_region([c.text for c in cells])
    if region is not None:
        template = template.titled(region)
    placer = Placer(template, simplify=_SIMPLIFY.get() if simplify is None else simplify)
    for row in _rows(_join_split_labels(cells, placer.index)):
        if placer.done:
            break
        placer.row(row)
    result = placer.finish()
    if placer.recognised == 0:
        raise ReadError(f"{label}：未找到报表内容（没有认出“{template.title}”的任何项目）")
    result.source = source
    return result


def _join_split_labels(cells: list[Cell], index: LabelIndex) -> list[Cell]:
    """Join a label broken over two cells or lines (回应公众关注热点或 / 重大舆情数量（单位：次）)."""
    joined: list[Cell] = []
    skip: set[int] = set()
    for n, cell in enumerate(cells):
        if n in skip:
            continue
        if index.starts_label(cell.text) and not index.knows(cell.text):
            following = next((m for m in range(n + 1, len(cells)) if cells[m].text.strip()), None)
            if following is not None and index.knows(cell.text + cells[following].text):
                joined.append(replace(cell, text=cell.text + cells[following].text))
                skip.add(following)
                continue
        joined.append(cell)
    return joined


def _rows(cells: list[Cell]) -> Iterator[list[Cell]]:
    """Group consecutive cells of the same table row (cells without row or line form one row)."""
    current: list[Cell] = []
    key: object = object()
    for cell in cells:
        cell_key = cell.row if cell.row is not None else cell.line
        if current and cell_key != key:
            yield current
            current = []
        key = cell_key
        current.append(cell)
    if current:
        yield current
