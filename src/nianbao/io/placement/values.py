"""Read what is written in a value cell: through coerce.parse_value, simplified where that helps, and the
有/无 or tick written for one option of a multiple choice."""

from __future__ import annotations

import re

from nianbao.forms.template import Item, ItemType
from nianbao.io.labels import to_simplified
from nianbao.report.coerce import (
    TICKED,
    UNTICKED,
    Parsed,
    is_none_spelling,
    normalise_text,
    parse_value,
    tidy_text,
)

_YES_WORDS = {"有", "是", "yes", "y"}
_NO_WORDS = {"否", "no", "n"}
_FREE_TYPES = (ItemType.TEXT, ItemType.URL, ItemType.CODE)


def parse_text(item: Item, text: str) -> Parsed:
    """Read the text written for an item; text that only reads once simplified (無, 部門網站) is read so."""
    parsed = parse_value(item, text)
    value = parsed.value
    if value.is_value and isinstance(value.data, str) and not text.isascii():
        # 無 for 无, 是/否 and options written in traditional characters.
        simple = to_simplified(text)
        if simple != text:
            alt = parse_value(item, simple)
            data = alt.value.data
            option = item.type is ItemType.CHOICE and data in item.options
            recognised = not isinstance(data, str) or option
            if alt.value.is_none or (item.type not in _FREE_TYPES and recognised):
                return alt
    return parsed


def option_state(text: str) -> tuple[str, str]:
    """Return how one option of a multiple choice is answered: blank, yes (with text after), no, or text."""
    folded = normalise_text(text)
    simple = to_simplified(folded)
    # The 其他 text is kept as written (full-width punctuation included) when folding kept its length.
    tidy = tidy_text(text)
    written = tidy if len(tidy) == len(folded) else folded
    if not simple:
        return "blank", ""
    if is_none_spelling(simple) or simple.lower() in _NO_WORDS or simple[0] in UNTICKED:
        return "no", ""
    if simple.lower() in _YES_WORDS:
        return "yes", ""
    if simple[0] in TICKED:
        return "yes", written[1:].strip().lstrip(":：").strip()
    m = re.match(r"^(有|是)\s*[:：]\s*", simple)
    if m:
        return "yes", written[m.end() :].strip()
    return "text", written
