"""The long form of a report in a workbook (sheet 明细): one row per item, read back exactly.

Columns: 键 (item key), 栏目 (section path), 项目 (label), 单位 (unit), 值 (the value: a number where the
item is numeric, a date cell for dates, 无 for 无, empty for blank) and 状态 (有值 / 无 / 未填), which keeps a
text that reads "无" apart from 无 itself. Writing and reading live together so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation

from nianbao.forms.template import Item, ItemType, Template
from nianbao.report.coerce import format_date, format_decimal
from nianbao.report.values import BLANK, NONE, NONE_TEXT, MultiChoice, Value

SHEET = "明细"
HEADERS = ("键", "栏目", "项目", "单位", "值", "状态")
KEY_HEADER, VALUE_HEADER, STATE_HEADER = "键", "值", "状态"
STATE_VALUE, STATE_NONE, STATE_BLANK = "有值", "无", "未填"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
# Excel keeps 15 significant digits; integers beyond this are written as text so no digit is lost.
_EXACT_INT = 10**15
_DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

CellValue = str | int | float | dt.date | dt.datetime | bool | None


def cell_value(item: Item, value: Value) -> CellValue:
    """Return what the 值 column holds for a value: a number, a date, or text; None for blank."""
    if value.is_blank:
        return None
    if value.is_none:
        return NONE_TEXT
    data = value.data
    if isinstance(data, bool):
        return "是" if data else "否"
    if isinstance(data, int):
        return data if abs(data) < _EXACT_INT else str(data)
    if isinstance(data, Decimal):
        if data.is_finite():
            as_float = float(data)
            if math.isfinite(as_float) and Decimal(repr(as_float)) == data:
                return as_float
        return format_decimal(data) if data.is_finite() else str(data)
    if isinstance(data, dt.date):
        return data if data.year >= 1900 else data.isoformat()
    if isinstance(data, MultiChoice):
        return multichoice_text(item, data)
    return str(data)


def multichoice_text(item: Item, data: MultiChoice) -> str:
    """Write a multiple choice as 选项、选项；其他：text (the options never contain 、 or ；)."""
    text = "、".join(data.selected)
    if data.other is not None:
        text += f"{'；' if text else ''}{item.other_label or '其他'}：{data.other}"
    return text


def state_label(value: Value) -> str:
    return STATE_BLANK if value.is_blank else STATE_NONE if value.is_none else STATE_VALUE


def long_rows(template: Template, values: Iterable[tuple[Item, Value]]) -> Iterator[tuple[CellValue, ...]]:
    """Yield the rows of the long form (without the header row), one per item in printed order."""
    for item, value in values:
        section = " › ".join(s.label for s in template.section_path(item))
        yield (item.key, section, item.label, item.unit, cell_value(item, value), state_label(value))


def decode_cell(item: Item, raw: CellValue, state: str | None) -> Value:
    """Return the value a 值 cell (and its 状态, when present) stands for; the inverse of cell_value."""
    if state == STATE_BLANK:
        return BLANK
    if state == STATE_NONE:
        return NONE
    if state is None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return BLANK
        if raw == NONE_TEXT:
            return NONE
    if raw is None:
        raw = ""
    kind = item.type
    if isinstance(raw, bool):
        return Value.of(raw) if kind is ItemType.YESNO else Value.of("是" if raw else "否")
    if isinstance(raw, dt.datetime | dt.date):
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        return Value.of(day) if kind is ItemType.DATE else Value.of(format_date(day))
    if isinstance(raw, int | float):
        return _decode_number(item, raw)
    return _decode_text(item, str(raw))


def _decode_number(item: Item, raw: int | float) -> Value:
    number = Decimal(raw) if isinstance(raw, int) else Decimal(repr(raw))
    if item.type is ItemType.COUNT and number == number.to_integral_value():
        return Value.of(int(number))
    if item.type in (ItemType.DECIMAL, ItemType.PERCENTAGE):
        return Value.of(number)
    # A number typed into a text or code cell (a site code, a phone number) is text.
    return Value.of(str(int(number)) if number == number.to_integral_value() else format_decimal(number))


def _decode_text(item: Item, text: str) -> Value:
    kind = item.type
    if kind is ItemType.YESNO and text in ("是", "否"):
        return Value.of(text == "是")
    if kind is ItemType.MULTICHOICE:
        return _decode_multichoice(item, text)
    if kind is ItemType.DATE and _ISO_DATE_RE.match(text):
        try:
            return Value.of(dt.date.fromisoformat(text))
        except ValueError:
            return Value.of(text)
    if kind in (ItemType.DECIMAL, ItemType.PERCENTAGE) and _DECIMAL_RE.match(text):
        try:
            return Value.of(Decimal(text))
        except InvalidOperation:
            return Value.of(text)
    if kind is ItemType.COUNT and re.fullmatch(r"[+-]?\d+", text):
        return Value.of(int(text))
    return Value.of(text)


def _decode_multichoice(item: Item, text: str) -> Value:
    marker = f"{item.other_label or '其他'}："
    head, other = text, None
    if text.startswith(marker):
        head, other = "", text[len(marker) :]
    else:
        at = text.find("；" + marker)
        if at >= 0:
            head, other = text[:at], text[at + 1 + len(marker) :]
    selected = tuple(head.split("、")) if head else ()
    if any(option not in item.options for option in selected):
        return Value.of(text)  # typed text that is no list of options is kept as typed
    return Value.of(MultiChoice(selected, other))


def header_columns(row: Sequence[CellValue]) -> dict[str, int] | None:
    """Return {header: column index} when a row is the long form's header row (键 and 值 at least)."""
    names = {str(v).strip(): n for n, v in enumerate(row) if isinstance(v, str) and v.strip()}
    if KEY_HEADER in names and VALUE_HEADER in names:
        return names
    return None
