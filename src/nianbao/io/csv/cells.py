"""Keep spreadsheet formulas out of the CSV without losing what was typed.

A text cell starting with = + - or @ is run as a formula by spreadsheet programs (formula injection). Such
text is written with a leading apostrophe, which spreadsheets show as "treat as text"; so is text that
itself starts with an apostrophe, so that reading strips exactly one. Numbers are never prefixed: -5 in a
count is a number to a spreadsheet, not a formula, and reads back as -5.
"""

from __future__ import annotations

from decimal import Decimal

from nianbao.report.values import Value

COLUMNS = ("key", "section", "label", "unit", "value")
_RISKY = ("=", "+", "-", "@", "\t", "\r", "'")


def protect(value: Value, text: str) -> str:
    """Return the cell text for a value's printed text, with an apostrophe where a formula could start."""
    numeric = isinstance(value.data, int | Decimal) and not isinstance(value.data, bool)
    if not numeric and text.startswith(_RISKY):
        return "'" + text
    return text


def unprotect(text: str) -> str:
    """Return the text a cell stands for, dropping the apostrophe that protect() added."""
    return text[1:] if text.startswith("'") else text
