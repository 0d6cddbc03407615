"""Turn text as people write it into a three-state value, and a value into text as the form prints it.

Published reports are retyped by hand: full-width digits, units beside values, thousands separators,
1.2万, ticks drawn with several glyphs, 无 written as - or /. Every reader and the web entry go through
parse_value, so all of them accept the same spellings.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from nianbao.forms.template import Item, ItemType
from nianbao.report.findings import Finding, Severity
from nianbao.report.values import BLANK, NONE, NONE_TEXT, MultiChoice, Value

# Spellings of 无 seen in published copies. "0" is deliberately absent: 0 is a value.
NONE_SPELLINGS = frozenset({"无", "-", "--", "—", "——", "–", "/", "暂无", "无数据", "没有"})
TICKED = "☑√■✔✓☒▣●◉⊠"
UNTICKED = "□☐○◻▢"
_GLYPH_RE = re.compile(f"([{re.escape(TICKED + UNTICKED)}])")
_UNIT_WORDS = ("人次", "条", "个", "次", "项", "件", "期", "天", "篇", "人", "%")
_UNIT_NOTE_RE = re.compile(r"[(（]\s*(单位[:：])?\s*[^()（）]{0,6}[)）]$")
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_DATE_RES = (
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_YES = {"是", "有", "yes", "y", "true", "1"}
_NO = {"否", "no", "n", "false"}
_LIST_SPLIT_RE = re.compile(r"[、,，;；\s]+")


@dataclass(frozen=True)
class Parsed:
    """The value read from a piece of text, with what was noticed on the way (normalisations, doubts)."""

    value: Value
    findings: tuple[Finding, ...] = field(default=())


def normalise_text(text: str) -> str:
    """Fold full-width forms to ASCII (NFKC) and collapse whitespace; line breaks inside a cell vanish."""
    folded = unicodedata.normalize("NFKC", text)
    folded = re.sub(r"\s*\n\s*", "", folded.replace("\r", "\n"))
    return re.sub(r"\s+", " ", folded).strip()


# Full-width digits and Latin letters (１２３, ＩＣＰ) are typing accidents and read as ASCII; full-width
# punctuation (，：；（）“”) is how Chinese text is written and stays as it is.
_FULL_WIDTH_ALNUM = {
    **{0xFF10 + n: 0x30 + n for n in range(10)},
    **{0xFF21 + n: 0x41 + n for n in range(26)},
    **{0xFF41 + n: 0x61 + n for n in range(26)},
}


def tidy_text(text: str) -> str:
    """Collapse whitespace as normalise_text does, but keep punctuation as written (，：“” stay full-width).

    Stored text is what was written: folding is only for recognising (labels, numbers, 无, ticks).
    """
    tidy = re.sub(r"\s*\n\s*", "", text.replace("\r", "\n")).translate(_FULL_WIDTH_ALNUM)
    return re.sub(r"\s+", " ", tidy).strip()


def is_none_spelling(text: str) -> bool:
    """Return True when the text is one of the ways people write 无."""
    return normalise_text(text).rstrip("。.") in NONE_SPELLINGS


def parse_value(item: Item, text: str | None) -> Parsed:
    """Read the text written for an item into a Value; text that fits no spelling is kept as typed."""
    if text is None:
        return Parsed(BLANK)
    clean = normalise_text(text)
    if not clean:
        return Parsed(BLANK)
    if is_none_spelling(clean):
        return Parsed(NONE)
    if item.type is ItemType.TEXT:
        return Parsed(Value.of(tidy_text(text)))
    parser = _PARSERS[item.type]
    return parser(item, clean)


def _parse_number(item: Item, text: str) -> Parsed:
    number = read_number(text, item.unit)
    if number is None:
        return Parsed(Value.of(text))
    if item.type is ItemType.COUNT:
        if number != number.to_integral_value():
            return Parsed(Value.of(text))
        return Parsed(Value.of(int(number)))
    integral = number == number.to_integral_value()
    return Parsed(Value.of(Decimal(int(number)) if integral else number))


def read_number(text: str, unit: str = "") -> Decimal | None:
    """Read a number written with units, thousands separators or 万/亿; None when it is not a number."""
    s = normalise_text(text)
    s = _UNIT_NOTE_RE.sub("", s).strip()
    s = s.replace(" ", "").replace(",", "")
    for word in (unit, *_UNIT_WORDS):
        if word and s.endswith(word) and len(s) > len(word):
            s = s[: -len(word)]
            break
    multiplier = Decimal(1)
    if s and s[-1] in _MULTIPLIERS:
        multiplier = _MULTIPLIERS[s[-1]]
        s = s[:-1]
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
        return None
    try:
        return Decimal(s) * multiplier
    except InvalidOperation:
        return None


def _parse_date(item: Item, text: str) -> Parsed:
    compact = text.replace(" ", "")
    for pattern in _DATE_RES:
        m = pattern.match(compact)
        if m:
            try:
                return Parsed(Value.of(dt.date(int(m[1]), int(m[2]), int(m[3]))))
            except ValueError:
                break
    return Parsed(Value.of(text))


def _parse_text(item: Item, text: str) -> Parsed:
    return Parsed(Value.of(text))


def _parse_code(item: Item, text: str) -> Parsed:
    compact = text.replace(" ", "")
    canonical = item.normalise.get(compact)
    if canonical is not None:
        finding = Finding(
            "W-NORMALISED",
            Severity.WARNING,
            f"{item.label}：“{compact}”已按规定格式记为“{canonical}”（应写作{item.pattern_hint}），请确认。",
            (item.key,),
        )
        return Parsed(Value.of(canonical), (finding,))
    return Parsed(Value.of(compact))


def ticked_options(text: str) -> list[tuple[bool, str]] | None:
    """Split text like "□是 ☑否" into (ticked, label) pairs; None when it holds no tick glyph."""
    parts = _GLYPH_RE.split(text)
    if len(parts) < 3:
        return None
    result = []
    for n in range(1, len(parts) - 1, 2):
        label = parts[n + 1].strip().strip("：:").strip()
        result.append((parts[n] in TICKED, label))
    return result


def _match_option(item: Item, label: str) -> str | None:
    label = label.strip()
    for option in item.options:
        if label == option or label.startswith(option):
            return option
    return None


def _parse_choice(item: Item, text: str) -> Parsed:
    pairs = ticked_options(text)
    if pairs is None:
        option = _match_option(item, text)
        return Parsed(Value.of(option if option is not None else text))
    chosen = [label for ticked, label in pairs if ticked]
    if not chosen:
        return Parsed(BLANK)
    options = [_match_option(item, label) for label in chosen]
    if len(chosen) == 1 and options[0] is not None:
        return Parsed(Value.of(options[0]))
    finding = Finding(
        "E-CHOICE-COUNT",
        Severity.ERROR,
        f"{item.label}：应只勾选一项（可选：{'、'.join(item.options)}），现为“{text}”。请只保留一项。",
        (item.key,),
    )
    return Parsed(Value.of(text), (finding,))


def _parse_yesno(item: Item, text: str) -> Parsed:
    pairs = ticked_options(text)
    if pairs is not None:
        chosen = [label for ticked, label in pairs if ticked]
        if not chosen:
            return Parsed(BLANK)
        if len(chosen) == 1:
            text = chosen[0]
        else:
            finding = Finding(
                "E-CHOICE-COUNT",
                Severity.ERROR,
                f"{item.label}：“是”和“否”只能勾选一项，现为“{text}”。",
                (item.key,),
            )
            return Parsed(Value.of(text), (finding,))
    word = text.strip().lower()
    if word in _YES:
        return Parsed(Value.of(True))
    if word in _NO:
        return Parsed(Value.of(False))
    return Parsed(Value.of(text))


def _parse_multichoice(item: Item, text: str) -> Parsed:
    other_label = item.other_label or "其他"
    pairs = ticked_options(text)
    selected: list[str] = []
    other: str | None = None
    if pairs is None:
        head, sep, tail = text.partition(other_label)
        if sep:
            other = tail.strip().lstrip(":：(（").rstrip(")）").strip() or None
        words = [w for w in _LIST_SPLIT_RE.split(head) if w]
        pairs = [(True, w) for w in words]
    for ticked, label in pairs:
        if not ticked:
            continue
        if label.startswith(other_label):
            other = label[len(other_label) :].strip().lstrip(":：(（").rstrip(")）").strip() or other
            continue
        option = _match_option(item, label)
        if option is None:
            return Parsed(Value.of(text))
        if option not in selected:
            selected.append(option)
    ordered = tuple(o for o in item.options if o in selected)
    if not ordered and not other:
        return Parsed(NONE)
    return Parsed(Value.of(MultiChoice(ordered, other)))


_PARSERS = {
    ItemType.COUNT: _parse_number,
    ItemType.DECIMAL: _parse_number,
    ItemType.PERCENTAGE: _parse_number,
    ItemType.TEXT: _parse_text,
    ItemType.URL: _parse_code,
    ItemType.CODE: _parse_code,
    ItemType.DATE: _parse_date,
    ItemType.CHOICE: _parse_choice,
    ItemType.YESNO: _parse_yesno,
    ItemType.MULTICHOICE: _parse_multichoice,
}


def format_date(value: dt.date) -> str:
    """Write a date as the form does: 2021年1月15日."""
    return f"{value.year}年{value.month}月{value.day}日"


def format_decimal(value: Decimal) -> str:
    """Write a decimal without exponent or trailing zeros."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value(item: Item, value: Value) -> str:
    """Write a value as plain text: "" for blank, 无 for 无, else the value (choices by their labels)."""
    if value.is_blank:
        return ""
    if value.is_none:
        return NONE_TEXT
    data = value.data
    if isinstance(data, bool):
        return "是" if data else "否"
    if isinstance(data, Decimal):
        return format_decimal(data)
    if isinstance(data, dt.date):
        return format_date(data)
    if isinstance(data, MultiChoice):
        text = "、".join(data.selected)
        if data.other:
            text += f"{'；' if text else ''}{item.other_label or '其他'}：{data.other}"
        return text
    return str(data)


def format_ticks(item: Item, value: Value) -> str:
    """Write a choice, yes/no or multiple-choice value with ☑/□ boxes, as the printed form shows it."""
    if value.is_none and item.type is not ItemType.MULTICHOICE:
        return NONE_TEXT
    data = value.data
    if item.type is ItemType.YESNO:
        return f"{'☑' if data is True else '□'}是　　　{'☑' if data is False else '□'}否"
    if item.type is ItemType.CHOICE:
        return " ".join(f"{'☑' if data == o else '□'}{o}" for o in item.options)
    if item.type is ItemType.MULTICHOICE:
        chosen = data if isinstance(data, MultiChoice) else MultiChoice()
        boxes = [f"{'☑' if o in chosen.selected else '□'}{o}" for o in item.options]
        other_label = item.other_label or "其他"
        boxes.append(f"☑{other_label}：{chosen.other}" if chosen.other else f"□{other_label}")
        return " ".join(boxes)
    return format_value(item, value)
