"""Reports as tables for a spreadsheet: long form (one row per site × item) and wide form (one row per site).

Cells come as printed text (format_value) for text items and as numbers for numeric items, so the
spreadsheet can add them up. Text that a spreadsheet would run as a formula is neutralised with the same rule
as the CSV layout (nianbao.io.csv.cells.protect).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from nianbao.analysis.numbers import spreadsheet_number
from nianbao.forms.template import Template
from nianbao.io.csv.cells import protect
from nianbao.report.coerce import format_value
from nianbao.report.values import BLANK, Value

Cell = str | int | float


@dataclass(frozen=True)
class SiteRow:
    """One report with the registry's words for its site."""

    site_code: str
    site_name: str
    region: str
    site_type: str
    state: str
    values: Mapping[str, Value]


SITE_COLUMNS = ("政府网站标识码", "网站名称", "所属地区", "网站类型", "状态")
LONG_COLUMNS = (*SITE_COLUMNS, "项目代码", "栏目", "项目", "单位", "值")


def safe_text(text: str) -> str:
    """Return plain text (a name, a label) neutralised against formula injection."""
    return protect(Value.of(text), text) if text else text


def cell(template: Template, key: str, value: Value) -> Cell:
    """Return a value as a spreadsheet cell: a number for numbers, 无 for none, "" for blank, else text."""
    if value.is_blank:
        return ""
    data = value.data
    if value.is_value and spreadsheet_number(data) is not None:
        return spreadsheet_number(data)
    text = format_value(template.item(key), value)
    return protect(value, text)


def _site_cells(row: SiteRow) -> list[Cell]:
    return [safe_text(t) for t in (row.site_code, row.site_name, row.region, row.site_type, row.state)]


def long_rows(template: Template, rows: Iterable[SiteRow]) -> Iterator[list[Cell]]:
    """Yield the header and then one row per site × item, in the form's order."""
    yield list(LONG_COLUMNS)
    items = [(i, template.section_label(i)) for i in template.items]
    for row in rows:
        site = _site_cells(row)
        for item, section in items:
            value = row.values.get(item.key, BLANK)
            yield [*site, item.key, section, item.label, item.unit, cell(template, item.key, value)]


def wide_header(template: Template) -> list[str]:
    """Return the wide form's header: the site columns, then each item's section and label."""
    labels = []
    for item in template.items:
        section = template.section_label(item)
        labels.append(f"{section}·{item.label}" if section and section != item.label else item.label)
    return [*SITE_COLUMNS, *labels]


def wide_rows(
    template: Template, rows: Iterable[SiteRow], keys: Sequence[str] | None = None
) -> Iterator[list[Cell]]:
    """Yield the header and then one row per site, one column per item."""
    yield wide_header(template)
    keys = keys or template.keys
    for row in rows:
        yield [*_site_cells(row), *(cell(template, k, row.values.get(k, BLANK)) for k in keys)]
