"""Tell what a cell of a published report is: empty, a unit note, the title, the year line, a note, the
填写说明 heading, a section header, an item's label, "label：value" segments, or a value."""

from __future__ import annotations

import re
import unicodedata
from enum import Enum, auto

from nianbao.forms.template import Template
from nianbao.io.base import Cell
from nianbao.io.labels import LabelIndex, fold, is_unit_note, label_key, to_simplified, year_line

APPENDIX = label_key("填写说明")
_TITLE_TAIL = label_key("政府网站工作年度报表")
_NOTE_RE = re.compile(r"^注(?:[:：]|$)")
_TITLE_YEAR_RE = re.compile(r"\(([^()]{0,12}?)年度\)$")


class Kind(Enum):
    EMPTY = auto()
    IGNORE = auto()
    TITLE = auto()
    YEAR = auto()
    NOTE = auto()
    APPENDIX = auto()
    SECTION = auto()
    LABEL = auto()
    PAIRS = auto()
    VALUE = auto()


def classify(cell: Cell, template: Template, index: LabelIndex) -> tuple[Kind, object]:
    """Return what a cell is (see Kind) and what it carries: a year, labels, label/value segments."""
    text = cell.text
    folded = fold(text)
    if not folded:
        return Kind.EMPTY, None
    key = label_key(text)
    if key == APPENDIX:
        return Kind.APPENDIX, None
    if is_unit_note(text):
        return Kind.IGNORE, None
    year = year_line(text)
    if year is not None:
        return Kind.YEAR, year
    if key == label_key(template.title) or key.endswith(_TITLE_TAIL):
        # The year may share the title's line: 广西政府网站工作年度报表（2020年度）.
        tail = _TITLE_YEAR_RE.search(folded)
        return (Kind.YEAR, tail[1]) if tail else (Kind.TITLE, None)
    if _NOTE_RE.match(folded):
        return Kind.NOTE, None
    sections = index.match_section(text)
    targets = index.match(text)
    if sections:
        return Kind.SECTION, (sections, targets)
    if targets:
        return Kind.LABEL, targets
    pairs = segments(text, index)
    if pairs:
        return Kind.PAIRS, pairs
    return Kind.VALUE, None


def segments(text: str, index: LabelIndex) -> list[tuple[str, str]] | None:
    """Split "label：value  label：value" (the header and signature lines) into pairs; None if not one."""
    written = text.strip()
    folded = unicodedata.normalize("NFKC", written)
    simple = to_simplified(folded)
    matches = list(index.colon_re.finditer(simple))
    if not matches or simple[: matches[0].start()].strip():
        return _spaced_segments(written, index)
    # Values are cut from the text as written (full-width punctuation kept), unless folding or simplifying
    # changed its length; the labels were matched on the folded, simplified text.
    source = written if len(written) == len(folded) else folded
    if len(simple) != len(folded):
        source = simple
    pairs = []
    for n, m in enumerate(matches):
        end = matches[n + 1].start() if n + 1 < len(matches) else len(source)
        pairs.append((m["label"], source[m.end() : end].strip()))
    return pairs


def _spaced_segments(text: str, index: LabelIndex) -> list[tuple[str, str]] | None:
    """Split "label value label value" written with spaces and no colon (a line of a PDF or a web page)."""
    words = text.split()
    if len(words) < 2 or not index.match(words[0]):
        return None
    pairs: list[tuple[str, list[str]]] = []
    for word in words:
        if index.match(word) and (not pairs or pairs[-1][1]):
            pairs.append((word, []))
        else:
            pairs[-1][1].append(word)
    if any(not value for _, value in pairs):
        return None
    return [(label, " ".join(value)) for label, value in pairs]
