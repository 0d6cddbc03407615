"""The entry page's form: one row per item, grouped by section, and reading a post back into entries.

Field names: "k" lists the items on the page; "v:<key>" the text typed, "none:<key>" the 无 toggle,
"sel:<key>" the ticked options and "other:<key>" the 其他 text of a multiple choice, "note:<finding>" the
explanation of a warning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from nianbao.forms.template import Item, ItemType, Template
from nianbao.report import Finding, Report, Value
from nianbao.report.coerce import format_value
from nianbao.web.reporting.core import Entry, finding_key

TEXT_TYPES = (ItemType.TEXT, ItemType.URL, ItemType.CODE)
NUMBER_TYPES = (ItemType.COUNT, ItemType.DECIMAL, ItemType.PERCENTAGE)
_GROUPED_NUMBER = re.compile(r"-?\d{1,3}([,，]\d{3})+(\.\d+)?")


def ungrouped(item: Item, text: str) -> str:
    """Return a number typed with thousands separators (as the page shows numbers) as plain digits, so
    saving the page unchanged records no change; any other text is kept exactly as typed."""
    if item.type in NUMBER_TYPES and _GROUPED_NUMBER.fullmatch(text.strip()):
        return text.strip().replace(",", "").replace("，", "")
    return text


def entries_from_post(template: Template, post: QueryDict) -> dict[str, Entry]:
    """Return the entries of every item the page listed; items not listed are left out."""
    entries = {}
    for key in post.getlist("k"):
        if not template.has_item(key):
            entries[key] = Entry()  # refused by the service with a message naming the key
            continue
        if template.item(key).compute:
            continue
        entries[key] = Entry(
            text=ungrouped(template.item(key), post.get(f"v:{key}", "")),
            none=post.get(f"none:{key}") == "1",
            selected=tuple(post.getlist(f"sel:{key}")),
            other=post.get(f"other:{key}", ""),
        )
    return entries


def notes_from_post(post: QueryDict) -> dict[str, str]:
    """Return the explanations of warnings typed on the page, by finding key."""
    return {name[5:]: value for name, value in post.items() if name.startswith("note:")}


def post_to_plain(post: QueryDict) -> dict[str, list[str]]:
    """Return a post as plain lists, to keep it in the session when the save could not be made."""
    return {name: post.getlist(name) for name in post if name != "csrfmiddlewaretoken"}


@dataclass
class Row:
    item: Item
    value: Value
    raw: str
    none: bool
    text: str
    selected: tuple[str, ...] = ()
    other: str = ""
    last_year: str = ""
    findings: list[Finding] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    evidence: str = ""  # what the attached evidence computed for this item (nianbao.web.evidence)
    typed: bool = False  # the text is what was typed and not saved: shown back exactly as typed

    @property
    def state(self) -> str:
        if self.none:
            return "none"
        if self.text.strip() or self.selected or self.other.strip():
            return "value"
        return "blank"

    @property
    def state_label(self) -> str:
        return {"none": "无", "value": "已填", "blank": "未填"}[self.state]

    @property
    def input_mode(self) -> str:
        if self.item.type is ItemType.COUNT:
            return "numeric"
        if self.item.type in (ItemType.DECIMAL, ItemType.PERCENTAGE):
            return "decimal"
        return "text"

    @property
    def options(self) -> tuple[str, ...]:
        """Return the options to offer, keeping a typed text that matches none of them."""
        if self.text and self.text not in self.item.options:
            return (*self.item.options, self.text)
        return self.item.options


def rows_for(
    template: Template,
    report: Report,
    raws: Mapping[str, str],
    last_year: Report | None = None,
    typed: Mapping[str, Entry] | None = None,
) -> dict[str, Row]:
    """Return a row per item: what is stored (or what was typed and not yet saved) and last year's value."""
    rows = {}
    for item, value in report:
        entry = (typed or {}).get(item.key)
        was_typed = entry is not None
        if entry is None:
            entry = _entry_for(item, value, raws.get(item.key))
        previous = ""
        if last_year is not None and last_year.template.has_item(item.key):
            previous = format_value(item, last_year.get(item.key))
        rows[item.key] = Row(
            item=item,
            value=value,
            raw=raws.get(item.key, ""),
            none=entry.none,
            text=entry.text,
            selected=entry.selected,
            other=entry.other,
            last_year=previous,
            typed=was_typed,
        )
    return rows


def _entry_for(item: Item, value: Value, raw: str | None) -> Entry:
    if value.is_none:
        return Entry(none=True)
    if value.is_blank:
        return Entry()
    data: Any = value.data
    if item.type is ItemType.MULTICHOICE and not isinstance(data, str):
        return Entry(selected=data.selected, other=data.other or "")
    if item.type is ItemType.YESNO and isinstance(data, bool):
        return Entry(text="是" if data else "否")
    if item.type is ItemType.DATE and not isinstance(data, str):
        return Entry(text=format_value(item, value))
    if item.type in (ItemType.CHOICE, *TEXT_TYPES):
        return Entry(text=str(data))
    # Numbers: show what was typed when it was kept as typed, else the number as the form prints it.
    return Entry(text=raw if isinstance(data, str) and raw else format_value(item, value))


def attach_findings(rows: Mapping[str, Row], findings: list[Finding]) -> list[Finding]:
    """Put each finding beside the items it names; return those that name no item on the page."""
    loose = []
    for finding in findings:
        placed = False
        for key in finding.items:
            if key in rows:
                rows[key].findings.append(finding)
                placed = True
        if not placed:
            loose.append(finding)
    return loose


def warning_rows(findings: list[Finding], notes: Mapping[str, str]) -> list[dict[str, str]]:
    """Return each warning with its key and the explanation typed so far."""
    return [
        {"key": finding_key(f), "message": f.message, "code": f.code, "note": notes.get(finding_key(f), "")}
        for f in findings
        if not f.is_error
    ]
