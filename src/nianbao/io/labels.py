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

from nianbao.forms.template import TITLE_TAIL, ItemType, Template, get_template, template_ids

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


_LEADING_YEAR_RE = re.compile(r"^\d{4}年度?")
_TITLE_YEAR_RE = re.compile(r"\((\d{4})年度\)$")
_REGION_RE = re.compile(r"^[\u4e00-\u9fff]{0,12}$")
# Words of a sentence about the form (关于印发…政府网站工作年度报表), never of a region's name.
_NOT_REGION_RE = re.compile(r"关于|印发|做好|填报|开展|的")


def title_region(text: str) -> str | None:
    """Return the region a title names: 广东 for 广东政府网站工作年度报表, "" for the national title.

    None when the text is not a title. The year may stand in front (2020年广西…) or behind in brackets.
    """
    key = label_key(text)
    tail = label_key(TITLE_TAIL)
    if not key.endswith(tail):
        return None
    region = _LEADING_YEAR_RE.sub("", key[: -len(tail)])
    return region if _REGION_RE.match(region) and not _NOT_REGION_RE.search(region) else None


def document_region(texts: list[str]) -> str | None:
    """Return the region of the first title among the texts; None when no title is printed."""
    for text in texts:
        region = title_region(text)  # label_key is cached: placement computes the same keys anyway
        if region is not None:
            return region
    return None


# Fewer distinct labels than this and the text is not taken for a report (a letter that mentions 总数).
MIN_LABELS = 6


def detect_template(texts: list[str]) -> Template | None:
    """Return the bundled template whose labels the texts match best.

    Ties are broken by the year line (or a year in the title), then the title: a version serving that
    year first, then one of the title's region (广东 → a 广东 variant), then the most recent version (a
    province's new form for some years wins over the long-standing one).
    """
    keys: set[str] = set()
    year: int | None = None
    region: str | None = None
    for text in texts:
        keys.add(label_key(text))
        head = re.split(r"[:：]", unicodedata.normalize("NFKC", text), maxsplit=1)[0]
        keys.add(label_key(head))
        written = year_line(text)
        if region is None and (found := title_region(text)) is not None:
            region = found
            in_title = _TITLE_YEAR_RE.search(fold(text))
            written = written or (in_title[1] if in_title else None)
        if written and written.isdigit() and year is None:
            year = int(written)
    best: tuple[int, bool, bool, int, int, str] | None = None
    chosen: Template | None = None
    for template_id in template_ids():
        template = get_template(template_id)
        index = label_index(template)
        score = len(keys & (set(index.targets) | set(index.sections)))
        serves = year is not None and template.covers(year)
        rank = (
            score,
            serves,
            region is not None and template.region == region,
            template.years[0] if serves else 0,
            template.version,
            template_id,
        )
        if score >= MIN_LABELS and (best is None or rank > best):
            best, chosen = rank, template
    return chosen
