"""The official form as a grid of cells, built once from a report and drawn by every format writer.

HTML, DOCX, XLSX and PDF all render this model, so their layouts agree with each other and with the
paper form (title, year line, 填报单位（盖章）, the sections as row groups with their sub-headers, labels with
units, ☑/□ for choices, 无 where the value is 无, the signature line and the notes; the 填写说明 optional).

The grid is COLUMNS wide:
  column 0      the section (a row header spanning the section's rows);
  column 1      the sub-section (spanning its rows), or the start of a label of an item directly in a section;
  columns 2-3   the label of an item of a sub-section;
  columns 4-7   the value.
基本信息 is not printed as a section: it holds two label/value pairs per row across the whole width.
A section or sub-section with layout "row" (用户访问, 征集调查, …) prints its labels in one row and the values
in the row below, as the paper form does. 创新发展 prints one row per option with 有 or 无, as the seed does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from nianbao.forms.template import Item, ItemType, Section, Template
from nianbao.report.coerce import format_ticks, format_value
from nianbao.report.report import Report
from nianbao.report.values import NONE_TEXT, MultiChoice, Value

COLUMNS = 8
VALUE_COL = 4
YES_TEXT = "有"
# Sections that are printed outside the table (the header lines above it, the signature line below).
OUTSIDE_TABLE = ("header", "signature")
NOTES_PREFIX = "注："
APPENDIX_TITLE = "填写说明"
_NUMERALS = "一二三四五六七八九十"


class Kind(StrEnum):
    """What a cell of the grid is: headers (section, subsection, label) or data (value)."""

    SECTION = "section"
    SUBSECTION = "subsection"
    LABEL = "label"
    VALUE = "value"


@dataclass(frozen=True, slots=True)
class LayoutCell:
    """One cell of the grid: text, kind, first column and spans; key names the item or section."""

    text: str
    kind: Kind
    col: int
    colspan: int = 1
    rowspan: int = 1
    key: str = ""

    @property
    def is_header(self) -> bool:
        return self.kind is not Kind.VALUE


Row = tuple[LayoutCell, ...]


@dataclass(frozen=True, slots=True)
class Group:
    """The rows of one top-level section (基本信息, 用户访问, 信息发布, …); label is "" when not printed."""

    key: str
    label: str
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Field:
    """A label and its value printed on a line outside the table (the unit, the signature line)."""

    key: str
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class HelpChapter:
    """One chapter of the 填写说明: its heading (一、基本信息) and its paragraphs in order."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FormLayout:
    """The whole printed form: header lines, the table as row groups, signature, notes, optional appendix."""

    title: str
    year_line: str
    unit: Field
    groups: tuple[Group, ...]
    signature: tuple[Field, ...]
    notes: tuple[str, ...]
    appendix: tuple[HelpChapter, ...] = ()
    columns: int = COLUMNS

    @property
    def rows(self) -> tuple[Row, ...]:
        """Return every row of the table, group after group."""
        return tuple(row for group in self.groups for row in group.rows)

    @property
    def signature_line(self) -> str:
        """Return the signature line as the paper form prints it."""
        return "  ".join(f"{f.label}：{f.text}" for f in self.signature)


def value_text(item: Item, value: Value) -> str:
    """Return the text printed in an item's value cell: ☑/□ boxes for choices, 无 for 无, "" for blank."""
    if value.is_none:
        return NONE_TEXT
    data = value.data
    if item.type is ItemType.YESNO and (value.is_blank or isinstance(data, bool)):
        return format_ticks(item, value)
    if item.type is ItemType.CHOICE and (value.is_blank or data in item.options):
        return format_ticks(item, value)
    return format_value(item, value)


def year_line(report: Report) -> str:
    """Return the line under the title, （2020年度）; the year is left open when not filled."""
    template = report.template
    if template.has_item("header.year"):
        text = format_value(template.item("header.year"), report.get("header.year"))
    else:
        text = str(template.year)
    return f"（{text or '　　　　'}年度）"


def build_layout(report: Report, *, appendix: bool = False) -> FormLayout:
    """Return the official form of a report as a grid of cells, with the 填写说明 when asked."""
    template = report.template
    unit_item = template.item("header.unit") if template.has_item("header.unit") else None
    unit = Field(
        unit_item.key if unit_item else "",
        template.unit_header,
        format_value(unit_item, report.get(unit_item.key)) if unit_item else "",
    )
    signature = tuple(
        Field(item.key, item.label, format_value(item, report.get(item.key)))
        for item in template.items
        if item.section.split(".")[0] == "signature"
    )
    groups = tuple(
        _group(report, section)
        for section in template.sections
        if section.parent is None and section.key not in OUTSIDE_TABLE and template.items_in(section.key)
    )
    notes = tuple((NOTES_PREFIX + note if n == 0 else note) for n, note in enumerate(template.notes))
    return FormLayout(
        title=template.title,
        year_line=year_line(report),
        unit=unit,
        groups=groups,
        signature=signature,
        notes=notes,
        appendix=help_chapters(template) if appendix else (),
    )


def _label(template: Template, item: Item) -> str:
    # A unit already printed on an enclosing section (信息发布（单位：条）) is not repeated on each label.
    if any(s.unit and s.unit == item.unit for s in template.section_path(item)):
        return item.label
    return item.label_with_unit


def _section_label(section: Section) -> str:
    return f"{section.label}（单位：{section.unit}）" if section.unit else section.label


def _blocks(template: Template, items: tuple[Item, ...]) -> list[tuple[str, list[Item]]]:
    """Split items into runs of consecutive items of the same (sub-)section."""
    blocks: list[tuple[str, list[Item]]] = []
    for item in items:
        if blocks and blocks[-1][0] == item.section:
            blocks[-1][1].append(item)
        else:
            blocks.append((item.section, [item]))
    return blocks


def _spread(start: int, count: int) -> list[tuple[int, int]]:
    """Return (column, colspan) for `count` cells sharing the columns from `start` to the grid's end."""
    width = COLUMNS - start
    base, extra = divmod(width, count)
    spans = [base + (1 if n < extra else 0) for n in range(count)]
    cols = [start + sum(spans[:n]) for n in range(count)]
    return list(zip(cols, spans, strict=True))


def _row_layout(template: Template, report: Report, items: list[Item], start: int) -> list[Row]:
    labels: list[LayoutCell] = []
    values: list[LayoutCell] = []
    for item, (col, span) in zip(items, _spread(start, len(items)), strict=True):
        labels.append(LayoutCell(_label(template, item), Kind.LABEL, col, span, key=item.key))
        values.append(LayoutCell(value_text(item, report.get(item.key)), Kind.VALUE, col, span, key=item.key))
    return [tuple(labels), tuple(values)]


def _pair(template: Template, report: Report, item: Item, start: int) -> Row:
    label = LayoutCell(_label(template, item), Kind.LABEL, start, VALUE_COL - start, key=item.key)
    value = LayoutCell(
        value_text(item, report.get(item.key)), Kind.VALUE, VALUE_COL, COLUMNS - VALUE_COL, key=item.key
    )
    return (label, value)


def _multichoice_rows(item: Item, value: Value, start: int) -> list[Row]:
    """Print a multiple choice as the seed does: one row per option with 有 or 无, then 其他 with its text."""
    data = value.data if isinstance(value.data, MultiChoice) else None
    other_label = item.other_label or "其他"
    rows: list[Row] = []
    entries: list[tuple[str, str]] = []
    for option in item.options:
        if value.is_blank:
            text = ""
        elif data is not None:
            text = YES_TEXT if option in data.selected else NONE_TEXT
        else:
            text = NONE_TEXT
        entries.append((option, text))
    if value.is_blank:
        other = ""
    elif data is not None:
        other = data.other or NONE_TEXT
    elif value.is_value:
        # Typed text that fits no option is kept where free text belongs, so nothing typed is lost.
        other = str(value.data)
    else:
        other = NONE_TEXT
    entries.append((other_label, other))
    for label, text in entries:
        key = f"{item.key}#{label}"
        rows.append(
            (
                LayoutCell(label, Kind.LABEL, start, VALUE_COL - start, key=key),
                LayoutCell(text, Kind.VALUE, VALUE_COL, COLUMNS - VALUE_COL, key=key),
            )
        )
    return rows


def _basic_rows(template: Template, report: Report, items: list[Item]) -> list[Row]:
    """Print an unprinted section (基本信息) as two label/value pairs per row across the whole width."""
    rows: list[Row] = []
    for n in range(0, len(items), 2):
        pair = items[n : n + 2]
        cells: list[LayoutCell] = []
        for m, item in enumerate(pair):
            col = m * 4
            last = m == len(pair) - 1
            cells.append(LayoutCell(_label(template, item), Kind.LABEL, col, 2, key=item.key))
            span = COLUMNS - col - 2 if last else 2
            text = value_text(item, report.get(item.key))
            cells.append(LayoutCell(text, Kind.VALUE, col + 2, span, key=item.key))
        rows.append(tuple(cells))
    return rows


def _group(report: Report, section: Section) -> Group:
    template = report.template
    items = template.items_in(section.key)
    if not section.printed:
        return Group(section.key, "", tuple(_basic_rows(template, report, list(items))))
    rows: list[Row] = []
    for block_key, block in _blocks(template, items):
        sub = template.section(block_key)
        if block_key == section.key:
            # Items directly in the section start in the sub-section column.
            if section.layout == "row":
                rows.extend(_row_layout(template, report, block, 1))
                continue
            for item in block:
                if item.type is ItemType.MULTICHOICE:
                    rows.extend(_multichoice_rows(item, report.get(item.key), 1))
                else:
                    rows.append(_pair(template, report, item, 1))
            continue
        if sub.layout == "row":
            sub_rows = _row_layout(template, report, block, 2)
        else:
            sub_rows = []
            for item in block:
                if item.type is ItemType.MULTICHOICE:
                    sub_rows.extend(_multichoice_rows(item, report.get(item.key), 2))
                else:
                    sub_rows.append(_pair(template, report, item, 2))
        head = LayoutCell(_section_label(sub), Kind.SUBSECTION, 1, 1, len(sub_rows), key=sub.key)
        rows.append((head, *sub_rows[0]))
        rows.extend(sub_rows[1:])
    head = LayoutCell(_section_label(section), Kind.SECTION, 0, 1, len(rows), key=section.key)
    rows[0] = (head, *rows[0])
    return Group(section.key, _section_label(section), tuple(rows))


_CHAPTER_HEADING = re.compile(f"^[{_NUMERALS}]+、")


def help_chapters(template: Template) -> tuple[HelpChapter, ...]:
    """Return the 填写说明: the official text kept with the template, else one built from the items' help."""
    if template.instructions:
        return official_chapters(template.instructions)
    return _chapters_from_items(template)


def official_chapters(text: str) -> tuple[HelpChapter, ...]:
    """Split the official 填写说明 into chapters at their headings (一、基本信息); every line kept verbatim.

    The heading 填写说明 itself and blank lines are dropped: the writers print the heading and space the
    paragraphs themselves, so the words and their order are exactly the published ones.
    """
    chapters: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line or (not chapters and line == APPENDIX_TITLE):
            continue
        if _CHAPTER_HEADING.match(line) or not chapters:
            chapters.append((line, []))
        else:
            chapters[-1][1].append(line)
    return tuple(HelpChapter(heading, tuple(paragraphs)) for heading, paragraphs in chapters)


def _chapters_from_items(template: Template) -> tuple[HelpChapter, ...]:
    """Number each printed section's items with their help, as the official text lays it out."""
    chapters: list[HelpChapter] = []
    tops = [s for s in template.sections if s.parent is None and s.key not in OUTSIDE_TABLE]
    for n, top in enumerate(t for t in tops if template.items_in(t.key)):
        paragraphs: list[str] = []
        if top.help:
            paragraphs.append(top.help)
        number = 0
        for block_key, block in _blocks(template, template.items_in(top.key)):
            if block_key != top.key:
                number += 1
                paragraphs.append(f"{number}.{template.section(block_key).label}")
                for m, item in enumerate(block, start=1):
                    if item.help:
                        paragraphs.append(f"（{m}）{item.label}：{item.help}")
                continue
            for item in block:
                if item.type is ItemType.MULTICHOICE:
                    # The section's own help already says how to tick; the options explain themselves.
                    paragraphs.extend(item.option_help.values())
                    continue
                number += 1
                if item.help:
                    paragraphs.append(f"{number}.{item.label}：{item.help}")
        numeral = _NUMERALS[n] if n < len(_NUMERALS) else str(n + 1)
        chapters.append(HelpChapter(f"{numeral}、{top.label}", tuple(paragraphs)))
    return tuple(chapters)
