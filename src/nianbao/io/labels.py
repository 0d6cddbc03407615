"""Recognise the labels of a template in text as published copies write them.

A label matches whatever its width, spacing, line breaks, unit note or script: 独立用户访问总量
（UV 单位：个）, 獨立用戶訪問總量 and 独立用户访问总量 all reduce to the same key. Every layout
reader goes through here (via nianbao.io.placement), so they all accept the same spellings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from nianbao.forms.template import ItemType, Template, get_template, template_ids

# A note in brackets at the end of a label: a unit （单位：条）, （UV 单位：个）, （%）, or （盖章）.
_TRAILING_NOTE_RE = re.compile(r"\([^()]*\)$")
# A cell that is nothing but a unit note, printed on its own line under a label.
_UNIT_ONLY_RE = re.compile(r"\((?:[A-Za-z]*单位:?[^()]{0,6}|%)\)")
_SPACE_RE = re.compile(r"\s+")
# Numbering that reprints put before section and item names: 二、信息发布, 1.总数, (1)总数, (一)微博.
_NUMERALS = "一二三四五六七八九十"
_NUMBERING_RE = re.compile(rf"^(?:[{_NUMERALS}]+、|\d{{1,2}}[.、](?=\D)|\(\d{{1,2}}\)|\([{_NUMERALS}]+\))")


@cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Return the text in simplified characters (traditional ones converted; others unchanged)."""
    if text.isascii():
        return text
    return _converter().convert(text)  # type: ignore[attr-defined,no-any-return]


def fold(text: str) -> str:
    """Return the text in NFKC form with all whitespace removed (full-width brackets become ASCII)."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text))


# Cell texts repeat (无, empty cells, the same labels in every report): the keys are worth remembering.
@lru_cache(maxsize=16384)
def label_key(text: str) -> str:
    """Return the form of a label that matching compares: folded, simplified, trailing notes removed."""
    key = _NUMBERING_RE.sub("", to_simplified(fold(text)), count=1)
    while True:
        m = _TRAILING_NOTE_RE.search(key)
        if m is None or m.start() == 0:
            return key
        key = key[: m.start()]


def is_unit_note(text: str) -> bool:
    """Return True for a cell holding only a unit note, such as （单位：条） under a label."""
    return _UNIT_ONLY_RE.fullmatch(to_simplified(fold(text))) is not None


@dataclass(frozen=True)
class Target:
    """What a label names: an item, or one option of a multiple-choice item printed as its own row."""

    key: str
    option: str | None = None


@dataclass(frozen=True)
class LabelIndex:
    """The labels of one template by their matching key."""

    template: Template
    targets: dict[str, tuple[Target, ...]]
    sections: dict[str, tuple[str, ...]]
    order: dict[Target, int]
    colon_re: re.Pattern[str]
    prefixes: frozenset[str]  # beginnings of labels, to join a label split over two cells

    def match(self, text: str) -> tuple[Target, ...]:
        return self.targets.get(label_key(text), ())

    def match_section(self, text: str) -> tuple[str, ...]:
        return self.sections.get(label_key(text), ())

    def starts_label(self, text: str) -> bool:
        """Return True when the text is the beginning of a label but not a whole one (回应公众关注热点或)."""
        return label_key(text) in self.prefixes

    def knows(self, text: str) -> bool:
        """Return True when the text is a label of an item, an option printed as a row, or a section."""
        key = label_key(text)
        return key in self.targets or key in self.sections


# Templates hold mappings, so they are not hashable: the index is kept per template object.
_INDEXES: dict[int, tuple[Template, LabelIndex]] = {}


def label_index(template: Template) -> LabelIndex:
    """Return the index of a template's labels (item labels and aliases, printed options, sections)."""
    cached = _INDEXES.get(id(template))
    if cached is not None and cached[0] is template:
        return cached[1]
    index = _build_index(template)
    _INDEXES[id(template)] = (template, index)
    return index


def _build_index(template: Template) -> LabelIndex:
    targets: dict[str, list[Target]] = {}
    order: dict[Target, int] = {}
    spellings: set[str] = set()

    def add(text: str, target: Target) -> None:
        entry = targets.setdefault(label_key(text), [])
        if target not in entry:
            entry.append(target)
        order.setdefault(target, len(order))
        spellings.add(unicodedata.normalize("NFKC", text))

    for item in template.items:
        for label in item.labels:
            add(label, Target(item.key))
        if item.type is ItemType.MULTICHOICE:
            for option in item.options:
                add(option, Target(item.key, option))
            add(item.other_label or "其他", Target(item.key, item.other_label or "其他"))
    sections: dict[str, list[str]] = {}
    for section in template.sections:
        if not section.printed:
            continue
        for label in (section.label, *section.aliases):
            sections.setdefault(label_key(label), []).append(section.key)
    # "label：value" in one cell (the header and signature lines, or a retyped table): a known label,
    # perhaps with a note in brackets, then a colon.
    alternatives = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    colon_re = re.compile(rf"(?P<label>{alternatives})\s*(?:\([^()]{{0,8}}\))?\s*:")
    whole = set(targets) | set(sections)
    prefixes = frozenset(key[:n] for key in whole for n in range(2, len(key)) if key[:n] not in whole)
    return LabelIndex(
        template,
        {k: tuple(v) for k, v in targets.items()},
        {k: tuple(v) for k, v in sections.items()},
        order,
        colon_re,
        prefixes,
    )


@cache
def known_label_keys(sections: bool = True) -> frozenset[str]:
    """Return the matching keys of every item label and option (and section name, unless `sections` is
    False) of every bundled template."""
    keys: set[str] = set()
    for template_id in template_ids():
        index = label_index(get_template(template_id))
        keys.update(index.targets)
        if sections:
            keys.update(index.sections)
    return frozenset(keys)


_YEAR_RE = re.compile(r"^\((?P<year>[^()]{0,12}?)年度\)$|^(?P<bare>\d{4})年度$")


def year_line(text: str) -> str | None:
    """Return what is written as the year in a line like （2020年度）; None when the text is not one."""
    m = _YEAR_RE.match(fold(text))
    if m is None:
        return None
    return m["year"] if m["year"] is not None else m["bare"]


# Fewer distinct labels than this and the text is not taken for a report (a letter that mentions 总数).
MIN_LABELS = 6


def detect_template(texts: list[str]) -> Template | None:
    """Return the bundled template whose labels the texts match best (the year line breaks ties)."""
    keys: set[str] = set()
    year: int | None = None
    for text in texts:
        keys.add(label_key(text))
        head = re.split(r"[:：]", unicodedata.normalize("NFKC", text), maxsplit=1)[0]
        keys.add(label_key(head))
        written = year_line(text)
        if written and written.isdigit() and year is None:
            year = int(written)
    best: tuple[int, bool, str] | None = None
    chosen: Template | None = None
    for template_id in template_ids():
        template = get_template(template_id)
        index = label_index(template)
        score = len(keys & (set(index.targets) | set(index.sections)))
        rank = (score, template.year == year, template_id)
        if score >= MIN_LABELS and (best is None or rank > best):
            best, chosen = rank, template
    return chosen
