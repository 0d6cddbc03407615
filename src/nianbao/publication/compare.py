"""Item-by-item comparison of a published copy with the approved values.

Two values are the same when they mean the same: numbers by value (1.50 = 1.5), text with full-width
forms and spacing folded (the layouts and the readers may differ in both), choices as sets of options.
公开时间 and 公开网址 are compared only when the published copy states them: a document is often printed
before its own address is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nianbao.report import Report
from nianbao.report.coerce import format_value, normalise_text
from nianbao.report.values import BLANK, MultiChoice, Value

PUBLICATION_ITEMS = ("basic.publish_date", "basic.publish_url")


@dataclass(frozen=True)
class Difference:
    key: str
    label: str  # section path › label, as a supervisor reads it
    published: str  # as printed; 未填 for blank
    approved: str

    def to_dict(self) -> dict[str, str]:
        return {"key": self.key, "label": self.label, "published": self.published, "approved": self.approved}


def _comparable(value: Value) -> object:
    if not value.is_value:
        return value.state
    data = value.data
    if isinstance(data, bool):
        return data
    if isinstance(data, int | Decimal):
        return Decimal(data).normalize()
    if isinstance(data, MultiChoice):
        return (frozenset(data.selected), normalise_text(data.other or "").replace(" ", ""))
    if isinstance(data, str):
        return normalise_text(data).replace(" ", "").rstrip("/")
    return data


def same(a: Value, b: Value) -> bool:
    """Return True when two values of one item mean the same."""
    return _comparable(a) == _comparable(b)


def compare(published: Report, approved: Report) -> list[Difference]:
    """Return every item whose published value differs from the approved one, in printed order."""
    template = approved.template
    differences = []
    for item in template.items:
        ours = approved.get(item.key)
        theirs = published.get(item.key) if published.template.has_item(item.key) else BLANK
        if item.key in PUBLICATION_ITEMS and theirs.is_blank:
            continue
        if same(theirs, ours):
            continue
        path = " › ".join(s.label for s in template.section_path(item))
        differences.append(
            Difference(
                item.key,
                f"{path} › {item.label}" if path else item.label,
                format_value(item, theirs) or "未填",
                format_value(item, ours) or "未填",
            )
        )
    return differences
