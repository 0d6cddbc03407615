"""Build cells for placement tests: rows of strings, each cell numbered by row and position."""

from nianbao.forms.template import get_template
from nianbao.io.base import Cell
from nianbao.io.placement import place_cells

TEMPLATE = get_template("gx-2020")


def rows(*table: list[str] | str) -> list[Cell]:
    """Return the cells of rows given as lists (a plain string is a row of one cell), rows numbered from 1."""
    cells = []
    for n, row in enumerate(table, start=1):
        for m, text in enumerate([row] if isinstance(row, str) else row, start=1):
            cells.append(Cell(text, where=f"第{n}行第{m}格", line=n, row=n))
    return cells


def place(*table: list[str] | str):
    """Place the rows on gx-2020 and return the result."""
    return place_cells(rows(*table), TEMPLATE, source="测试")
