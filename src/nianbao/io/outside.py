"""Recognise the lines printed outside the form's table: the header lines above it and the signature below.

Published copies print them as text around the table, among the page's own text (当前位置：首页 > 年度报表).
Only the lines that are the form's own are taken: the title, the year line （2020年度） and 填报单位 above;
below, the signature line (单位负责人：… 审核人：… 填报人：…), split at its labels so that each field gets its
own cell, as a table row would, whatever spacing the publisher used.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from nianbao.forms.template import get_template, template_ids

_YEAR_LINE_RE = re.compile(r"^[(（][^()（）]{0,10}年度[)）]$")
_TITLE_WORDS = "工作年度报表"
_TITLE_YEAR_RE = re.compile(r"\([^()]{0,10}年度\)$")
_UNIT_WORDS = "填报单位"


def is_header_line(text: str) -> bool:
    """Return True for the title, the year line or the 填报单位 line of the form (not other page text)."""
    line = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if line.startswith(_UNIT_WORDS) or _YEAR_LINE_RE.match(line):
        return True
    # The title, possibly with the year in front or after it in brackets (…工作年度报表（2020年度）); a
    # breadcrumb or a page title is longer or says more.
    line = _TITLE_YEAR_RE.sub("", line)
    return line.endswith(_TITLE_WORDS) and len(line) <= 24 and ">" not in line


@cache
def signature_labels() -> tuple[str, ...]:
    """Return the labels of the signature items of every bundled template, longest first."""
    labels: set[str] = set()
    for template_id in template_ids():
        for item in get_template(template_id).items:
            if item.section.split(".")[0] == "signature":
                labels.update(item.labels)
    return tuple(sorted(labels, key=len, reverse=True))


@cache
def _label_re() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(label) for label in signature_labels())
    return re.compile(rf"({alternatives})\s*[:：]")


# Some sites print 填报单位 at the head of the signature paragraph: 填报单位：…　单位负责人：…　审核人：…
_UNIT_LEAD_RE = re.compile(rf"^{_UNIT_WORDS}\s*(?:\([^()]{{0,6}}\))?\s*:")


def starts_with_signature_label(text: str) -> bool:
    """Return True when a line begins with a signature label followed by a colon (or with 填报单位：
    followed later by a signature label, when the unit heads the signature paragraph)."""
    line = unicodedata.normalize("NFKC", text).strip()
    if _label_re().match(line) is not None:
        return True
    return _UNIT_LEAD_RE.match(line) is not None and _label_re().search(line) is not None


def split_signature(text: str) -> list[str]:
    """Split a signature line into "label：value" parts at each known label (and a leading 填报单位)."""
    written = text.strip()
    line = unicodedata.normalize("NFKC", written)
    starts = [m.start() for m in _label_re().finditer(line)]
    if not starts:
        return [written]
    if starts[0] != 0 and _UNIT_LEAD_RE.match(line):
        starts.insert(0, 0)
    # Parts are cut from the line as written (full-width punctuation in a name stays) when folding kept
    # its length, which it does for the full-width colons and spaces such lines use.
    source = written if len(written) == len(line) else line
    parts = [source[a:b].strip() for a, b in zip(starts, [*starts[1:], len(source)], strict=True)]
    return [p if ":" not in p.split("：", 1)[0] else p.replace(":", "：", 1) for p in parts]
