"""Encode values as plain JSON data and back, losslessly, all three states included.

blank → null, 无 → "无", a value → its plain form (int, decimal as string, ISO date, bool, option label,
{"selected": [...], "other": ...}). Decoding is directed by the item's type, so a count that was typed
as unparseable text comes back as that text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from nianbao.forms.template import Item, ItemType
from nianbao.report.report import Report
from nianbao.report.values import BLANK, NONE, NONE_TEXT, MultiChoice, Value

Plain = None | bool | int | str | dict[str, Any]


class DecodeError(ValueError):
    """A stored value does not fit its item; the message names the item."""


def encode_value(value: Value) -> Plain:
    """Return the plain JSON form of a value."""
    if value.is_blank:
        return None
    if value.is_none:
        return NONE_TEXT
    data = value.data
    if isinstance(data, MultiChoice):
        return {"selected": list(data.selected), "other": data.other}
    if isinstance(data, Decimal):
        return str(data)
    if isinstance(data, dt.date):
        return data.isoformat()
    return data  # type: ignore[return-value]


def decode_value(item: Item, plain: Plain) -> Value:
    """Return the value that encode_value turned into `plain`, for this item."""
    if plain is None:
        return BLANK
    if plain == NONE_TEXT:
        return NONE
    kind = item.type
    if isinstance(plain, bool):
        return Value.of(plain)
    if isinstance(plain, dict):
        if kind is not ItemType.MULTICHOICE:
            raise DecodeError(f"{item.label}（{item.key}）不是多选项，不能取对象值")
        return Value.of(MultiChoice(tuple(plain.get("selected") or ()), plain.get("other")))
    if isinstance(plain, int):
        return Value.of(Decimal(plain) if kind in (ItemType.DECIMAL, ItemType.PERCENTAGE) else plain)
    if isinstance(plain, float):
        return Value.of(Decimal(str(plain)))
    if not isinstance(plain, str):
        raise DecodeError(f"{item.label}（{item.key}）的值类型无法识别：{plain!r}")
    if kind in (ItemType.DECIMAL, ItemType.PERCENTAGE):
        try:
            return Value.of(Decimal(plain))
        except InvalidOperation:
            return Value.of(plain)
    if kind is ItemType.DATE:
        try:
            return Value.of(dt.date.fromisoformat(plain))
        except ValueError:
            return Value.of(plain)
    return Value.of(plain)


def encode_report(report: Report) -> dict[str, Plain]:
    """Return {item key: plain value} for every item of the template, blanks included as null."""
    return {item.key: encode_value(value) for item, value in report}


def decode_values(report: Report, plain_values: dict[str, Plain]) -> list[str]:
    """Set the report's values from plain data; return the keys the template does not know."""
    unknown = []
    for key, plain in plain_values.items():
        if not report.template.has_item(key):
            unknown.append(key)
            continue
        report.set(key, decode_value(report.template.item(key), plain))
    return unknown
