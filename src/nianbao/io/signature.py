"""Recognise the signature line under the form (单位负责人：… 审核人：… 填报人：…) and split it into fields.

Published copies print the line as text outside the table; splitting it at the known labels gives each
field its own cell, as a table row would, whatever spacing the publisher used.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from nianbao.forms.template import get_template, template_ids


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


def starts_with_signature_label(text: str) -> bool:
    """Return True when a line begins with a signature label followed by a colon."""
    return _label_re().match(unicodedata.normalize("NFKC", text).strip()) is not None


def split_signature(text: str) -> list[str]:
    """Split a signature line into "label：value" parts at each known label."""
    line = unicodedata.normalize("NFKC", text).strip()
    starts = [m.start() for m in _label_re().finditer(line)]
    if not starts:
        return [text.strip()]
    parts = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]
    return [p.replace(":", "：", 1) for p in parts]
