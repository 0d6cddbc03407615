"""Retype a written form the way people do: traditional labels, full-width digits, other ticks and 无s."""

from __future__ import annotations

import random
from functools import cache

from nianbao.io.layout import build_layout
from nianbao.report import Report

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
NONE_SPELLINGS = ("-", "/", "—", "無", "无")


@cache
def _to_traditional() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def label_texts(report: Report) -> set[str]:
    """Return the texts of the form's header cells (sections, sub-sections, labels, options)."""
    return {cell.text for row in build_layout(report).rows for cell in row if cell.is_header}


def retype_text(text: str, labels: set[str], rnd: random.Random) -> str:
    """Return a cell's text as someone retyping the form might write it."""
    if text in labels:
        return _to_traditional().convert(text)  # type: ignore[attr-defined,no-any-return]
    if text == "无":
        return rnd.choice(NONE_SPELLINGS)
    if rnd.random() < 0.5:
        text = text.translate(FULL_WIDTH)
    return text.replace("☑", rnd.choice("√■✔☑")).replace("□", rnd.choice("□☐"))


def retype_number(number: int | float, rnd: random.Random) -> int | float | str:
    """Return a number as typed into a spreadsheet: as a number, or as text with separators."""
    choice = rnd.randrange(3)
    if choice == 0:
        return number
    text = f"{number:,}" if isinstance(number, int) else repr(number)
    return text.translate(FULL_WIDTH) if choice == 2 else text
