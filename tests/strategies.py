"""Hypothesis strategies for reports: every item in one of its three states, with values of its type.

Shared by the round-trip tests of every format (text, JSON, CSV, HTML, DOCX, XLSX, PDF). Values are the
ones a writer can print and a reader can read back unchanged: text is already in the shape
nianbao.report.coerce.normalise_text leaves it (NFKC, single spaces, no line breaks), it never spells 无,
and it never reads as a label of the form (every generated text starts with one of 甲乙丙丁戊己庚辛壬癸,
which no label, option or 无 spelling does; codes are also drawn from the item's own example).
"Typed but unparseable" values (a string in a count, a date, a choice...) start with 约, which no
number, date, option or yes/no word does.

    from strategies import reports, values_for
    @given(reports())
    def test_it_round_trips(report): ...
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from nianbao.forms.template import Item, ItemType, Template, get_template
from nianbao.report import BLANK, NONE, MultiChoice, Report, Value

_LEADS = "甲乙丙丁戊己庚辛壬癸"
_CJK = "山水木火土金天地人和中文网站南宁钦州"
_WORD = st.text(alphabet=_LEADS + _CJK + "abcXYZ0123456789", min_size=1, max_size=8)


@st.composite
def plain_texts(draw: st.DrawFn, max_words: int = 3) -> str:
    """Return a short text that no reader can mistake for a label, a number or 无."""
    lead = draw(st.sampled_from(_LEADS))
    words = draw(st.lists(_WORD, min_size=0, max_size=max_words))
    return lead + " ".join([draw(_WORD), *words]) if words else lead + draw(_WORD)


def compact_texts() -> st.SearchStrategy[str]:
    """Return texts without spaces (codes and URLs are read with spaces removed)."""
    return st.builds(lambda lead, tail: lead + tail, st.sampled_from(_LEADS), _WORD)


def unparseable_texts() -> st.SearchStrategy[str]:
    """Return what a person might type into a non-text item that fits none of its spellings."""
    return st.builds(lambda tail: "约" + tail, st.text(alphabet=_LEADS + "abcXYZ", min_size=1, max_size=6))


def _decimals() -> st.SearchStrategy[Decimal]:
    low, high = Decimal("-1000"), Decimal("100000")
    return st.decimals(min_value=low, max_value=high, places=2, allow_nan=False, allow_infinity=False)


def _multichoices(item: Item) -> st.SearchStrategy[MultiChoice]:
    def build(picked: list[str], other: str | None) -> MultiChoice:
        return MultiChoice(tuple(o for o in item.options if o in picked), other)

    others = st.none() | plain_texts() if item.other_label else st.none()
    return st.builds(build, st.lists(st.sampled_from(item.options), unique=True), others).filter(
        lambda m: not m.is_empty
    )


def data_for(item: Item) -> st.SearchStrategy[object]:
    """Return a strategy for the data of a filled value of this item, as its type holds it."""
    kind = item.type
    if kind is ItemType.COUNT:
        typed: st.SearchStrategy[object] = st.integers(min_value=-1000, max_value=10**10)
    elif kind in (ItemType.DECIMAL, ItemType.PERCENTAGE):
        typed = _decimals()
    elif kind is ItemType.TEXT:
        return plain_texts()
    elif kind in (ItemType.URL, ItemType.CODE):
        examples = [item.example] if item.example else []
        return compact_texts() | st.sampled_from(examples or ["甲"])
    elif kind is ItemType.DATE:
        typed = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
    elif kind is ItemType.CHOICE:
        typed = st.sampled_from(item.options)
    elif kind is ItemType.YESNO:
        typed = st.booleans()
    else:
        # Typed text that fits no option is printed under 其他 by the official layout (nianbao.io.layout),
        # so it reads back as MultiChoice(other=text): only well-formed choices can round-trip.
        return _multichoices(item)
    # Mostly well-typed, sometimes what a person typed that fits no spelling: it must survive too.
    return st.one_of(typed, typed, typed, unparseable_texts())


def values_for(item: Item) -> st.SearchStrategy[Value]:
    """Return a strategy for one item's value in any of the three states."""
    return st.one_of(st.just(BLANK), st.just(NONE), data_for(item).map(Value.of))  # type: ignore[arg-type]


def reports(template: Template | None = None) -> st.SearchStrategy[Report]:
    """Return a strategy for reports of the template (gx-2020 by default), every item drawn independently."""
    template = template or get_template("gx-2020")
    per_item = {item.key: values_for(item) for item in template.items}
    return st.fixed_dictionaries(per_item).map(lambda values: Report(template, values))
