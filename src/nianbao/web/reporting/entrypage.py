"""What the entry and review pages show, shaped like the printed form: parts (top-level sections) made of
blocks (a section's own items or a sub-section's), each block laid out as the paper form lays it out.

Layouts: "pairs" (基本信息: two label/value pairs side by side), "row" (用户访问, 征集调查, …: the items of
the block side by side in one row) and "list" (one item a line). The Jinja2 templates in
reporting/jinja2/ draw these; nothing here builds HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from nianbao.forms.template import Item, ItemType, Section, Template
from nianbao.report import Finding, Value
from nianbao.report.coerce import format_value
from nianbao.web.reporting.core import PUBLICATION_ITEMS
from nianbao.web.reporting.entryform import NUMBER_TYPES, Row

# Sections whose items say who and what the report is: the paper form has no 无 for them, and last
# year's value (another year, the same site) tells the person nothing.
IDENTITY_SECTIONS = ("header", "basic", "signature")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def grouped(text: str) -> str:
    """Return a plain number with thousands separators (120000 → 120,000); any other text unchanged."""
    if not _PLAIN_NUMBER.fullmatch(text):
        return text
    whole, dot, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{dot}{fraction}"


@dataclass
class ItemView:
    row: Row
    section_label: str
    allows_none: bool
    shows_last_year: bool
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    published: str | None = None  # the value as last published, when a correction changed it

    @property
    def item(self) -> Item:
        return self.row.item

    @property
    def key(self) -> str:
        return self.row.item.key

    @property
    def kind(self) -> str:
        item = self.row.item
        if item.compute:
            return "computed"
        if item.type in NUMBER_TYPES:
            return "number"
        if item.type is ItemType.CHOICE:
            return "choice"
        if item.type is ItemType.YESNO:
            return "yesno"
        if item.type is ItemType.MULTICHOICE:
            return "multi"
        return "text"

    @property
    def state(self) -> str:
        """ "error" wins over the three value states, so an item in error never looks done."""
        return "error" if self.errors else self.row.state

    @property
    def tag(self) -> str:
        return {"error": "有错误", "none": "无", "value": "已填", "blank": "未填"}[self.state]

    @property
    def field_text(self) -> str:
        """Return the text for the input: stored numbers with thousands separators; what was typed and
        not saved exactly as typed."""
        if self.kind == "number" and not self.row.typed:
            return grouped(self.row.text)
        return self.row.text

    @property
    def read_text(self) -> str:
        """Return the value as the official form prints it (for the read-only and review views)."""
        row = self.row
        if row.none:
            return "无"
        if self.kind == "multi":
            ticked = list(row.selected)
            if row.other.strip():
                ticked.append(f"{row.item.other_label or '其他'}：{row.other.strip()}")
            return "、".join(ticked) or row.text
        if self.kind in ("number", "computed"):
            return grouped(row.text)
        return row.text

    @property
    def last_year(self) -> str:
        return grouped(self.row.last_year) if self.kind == "number" else self.row.last_year

    @property
    def is_publication_item(self) -> bool:
        return self.key in PUBLICATION_ITEMS


@dataclass
class Block:
    section: Section
    depth: int
    layout: str  # "pairs" | "row" | "list"
    items: list[ItemView]


@dataclass
class Part:
    section: Section
    blocks: list[Block]

    @property
    def items(self) -> list[ItemView]:
        return [i for b in self.blocks for i in b.items]

    @property
    def error_count(self) -> int:
        return sum(1 for i in self.items if i.errors)

    @property
    def warning_count(self) -> int:
        return sum(1 for i in self.items if i.warnings and not i.errors)

    @property
    def returned_count(self) -> int:
        return sum(1 for i in self.items if i.row.comments)

    @property
    def blank_count(self) -> int:
        return sum(1 for i in self.items if i.state == "blank" and not i.item.compute)


def parts_for(
    template: Template, rows: Mapping[str, Row], published: Mapping[str, str] | None = None
) -> list[Part]:
    """Return the page's parts in printed order, with each item's findings split into errors and warnings."""
    parts: dict[str, Part] = {}
    for section in template.sections:
        own = [rows[i.key] for i in template.items if i.section == section.key and i.key in rows]
        if not own:
            continue
        top_key = section.key.split(".")[0]
        top = template.section(top_key)
        part = parts.setdefault(top_key, Part(top, []))
        layout = "pairs" if not top.printed and top_key == "basic" else section.layout
        if layout not in ("pairs", "row"):
            layout = "list"
        if layout == "pairs" and top_key != "basic":
            layout = "list"
        views = [_view(template, row, published) for row in own]
        part.blocks.append(Block(section, section.key.count("."), layout, views))
    return list(parts.values())


def _view(template: Template, row: Row, published: Mapping[str, str] | None) -> ItemView:
    item = row.item
    top = item.section.split(".")[0]
    view = ItemView(
        row=row,
        section_label=template.section_label(item),
        allows_none=not item.compute and not item.required and top not in IDENTITY_SECTIONS,
        shows_last_year=top not in IDENTITY_SECTIONS,
        errors=[f for f in row.findings if f.is_error],
        warnings=[f for f in row.findings if not f.is_error],
    )
    if published is not None and item.key in published:
        view.published = published[item.key]
    return view


def summary_links(parts: list[Part], errors: list[Finding]) -> list[dict[str, str]]:
    """Return one entry per blocking error for the error summary: the message and the item to go to.

    An error naming several items goes to the first one on the page; one naming none stays a line of text.
    """
    order = {i.key: n for n, i in enumerate(v for p in parts for v in p.items)}
    entries = []
    for finding in errors:
        keys = sorted((k for k in finding.items if k in order), key=order.__getitem__)
        entries.append({"message": finding.message, "key": keys[0] if keys else ""})
    return entries


def published_texts(
    template: Template, current: Mapping[str, Value], old: Mapping[str, Value]
) -> dict[str, str]:
    """Return, for each item whose value differs from the published one, the published value as printed."""
    changed = {}
    for item in template.items:
        before, now = old.get(item.key), current.get(item.key)
        if before is None or now is None or before == now:
            continue
        shown = format_value(item, before)
        shown = grouped(shown) if item.type in NUMBER_TYPES else shown
        changed[item.key] = shown or "（未填）"
    return changed
