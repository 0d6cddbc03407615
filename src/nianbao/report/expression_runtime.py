"""What compiled expressions run: reading an item's value as data, operators and functions.

The semantics are described in nianbao.report.expressions; this module holds the closures' building blocks.
Operators check their operands again at run time, as a second guard behind the compiler's type check.
"""

from __future__ import annotations

import ast
import datetime as dt
import operator
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlsplit

from nianbao.forms.template import Item, ItemType
from nianbao.report.report import Report
from nianbao.report.values import MultiChoice, Value

# The kinds of data an expression handles, named as a template author reads them in an error message.
NUMBER, TEXT, DATE, BOOL, LIST = "数字", "文字", "日期", "真假值", "列表"


class NotApplicable(Exception):
    """Raised during evaluation when an operand is blank, unreadable or undefined."""

    def __init__(self, undefined: bool = False) -> None:
        super().__init__("undefined" if undefined else "missing")
        # undefined: the inputs are there but the result has no value (division by zero).
        self.undefined = undefined


class TypeMismatch(Exception):
    """Raised inside closures; Expression.evaluate turns it into an ExpressionError naming the rule."""


# ---------------------------------------------------------------------------------------------------
# Reading an item's value as data.


def item_kind(item: Item) -> str:
    """Return the kind of data an item reference stands for."""
    if item.type.is_numeric:
        return NUMBER
    return {ItemType.DATE: DATE, ItemType.YESNO: BOOL, ItemType.MULTICHOICE: LIST}.get(item.type, TEXT)


def plain_data(item: Item, value: Value) -> Any:
    """Return what an item reference stands for outside state functions; raise NotApplicable if none."""
    if value.is_none:
        if item.type.is_numeric:
            return Decimal(0)
        raise NotApplicable()
    if value.is_blank:
        raise NotApplicable()
    data = value.data
    kind = item.type
    if kind is ItemType.COUNT:
        if isinstance(data, int) and not isinstance(data, bool):
            return Decimal(data)
    elif kind in (ItemType.DECIMAL, ItemType.PERCENTAGE):
        if isinstance(data, Decimal):
            return data
    elif kind is ItemType.DATE:
        if isinstance(data, dt.date):
            return data
    elif kind is ItemType.YESNO:
        if isinstance(data, bool):
            return data
    elif kind is ItemType.CHOICE:
        if isinstance(data, str) and data in item.options:
            return data
    elif kind is ItemType.MULTICHOICE:
        if isinstance(data, MultiChoice):
            return data.selected + ((item.other_label or "其他",) if data.other else ())
    elif isinstance(data, str):
        return data
    raise NotApplicable()


# ---------------------------------------------------------------------------------------------------
# Operators.


def kind_of(x: Any) -> str:
    """Return the kind of a run-time operand."""
    if isinstance(x, bool):
        return BOOL
    if isinstance(x, Decimal):
        return NUMBER
    if isinstance(x, str):
        return TEXT
    if isinstance(x, dt.date):
        return DATE
    if isinstance(x, tuple):
        return LIST
    return type(x).__name__


def number(x: Any) -> Decimal:
    if isinstance(x, Decimal):
        return x
    raise TypeMismatch(f"对{kind_of(x)}做了算术运算")


def _divide(a: Decimal, b: Decimal) -> Decimal:
    if b == 0:
        raise NotApplicable(undefined=True)
    return a / b


ARITHMETIC: dict[type, Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: _divide,
}

COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def compare(op: type, left: Any, right: Any) -> bool:
    if op in (ast.In, ast.NotIn):
        if not isinstance(right, tuple | str) or (isinstance(right, str) and not isinstance(left, str)):
            raise TypeMismatch(f"“in”的右边应为列表或文字，实际为{kind_of(right)}")
        found = left in right
        return found if op is ast.In else not found
    if kind_of(left) != kind_of(right):
        raise TypeMismatch(f"比较了{kind_of(left)}和{kind_of(right)}")
    if isinstance(left, bool | tuple) and op not in (ast.Eq, ast.NotEq):
        raise TypeMismatch(f"对{kind_of(left)}做了大小比较")
    return COMPARE[op](left, right)


def truth_of(x: Any) -> bool:
    if isinstance(x, bool):
        return x
    raise TypeMismatch(f"在“and/or/not”中用了{kind_of(x)}，应为真假值")


# ---------------------------------------------------------------------------------------------------
# Functions. State functions receive Values; the others receive evaluated operands.

StateFn = Callable[[Sequence[Value]], Any]
PlainFn = Callable[..., Any]

STATE_FUNCTIONS: dict[str, tuple[StateFn, int, int | None, str]] = {
    # name: (function, minimum arguments, maximum arguments or None for any, kind of result)
    "filled": (lambda vs: vs[0].is_value, 1, 1, BOOL),
    "none": (lambda vs: vs[0].is_none, 1, 1, BOOL),
    "blank": (lambda vs: vs[0].is_blank, 1, 1, BOOL),
    "empty": (lambda vs: not vs[0].is_value, 1, 1, BOOL),
    "all_empty": (lambda vs: not any(v.is_value for v in vs), 1, None, BOOL),
    "any_filled": (lambda vs: any(v.is_value for v in vs), 1, None, BOOL),
    "count_filled": (lambda vs: Decimal(sum(1 for v in vs if v.is_value)), 1, None, NUMBER),
}


def _fn_date(y: Any, m: Any, d: Any) -> dt.date:
    parts = [number(x) for x in (y, m, d)]
    if any(p != p.to_integral_value() for p in parts):
        raise TypeMismatch("的 date() 参数应为整数")
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except (ValueError, OverflowError):
        # Only data can get here (say 年度 written as 9999): dates of constants are checked at load.
        raise NotApplicable() from None


def _fn_host(url: Any) -> str:
    if not isinstance(url, str):
        raise TypeMismatch(f"的 host() 参数应为网址，实际为{kind_of(url)}")
    host = (urlsplit(url.strip()).hostname or "").lower()
    if not host:
        raise NotApplicable()
    return host.removeprefix("www.")


def _fn_round(n: Any, digits: Any = Decimal(0)) -> Decimal:
    places = number(digits)
    return number(n).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def _same_kind(name: str, fn: Callable[..., Any]) -> PlainFn:
    def apply(*args: Any) -> Any:
        kinds = {kind_of(a) for a in args}
        if len(kinds) != 1 or kinds & {BOOL, LIST}:
            raise TypeMismatch(f"的 {name}() 参数类型不一致或不可比较")
        return fn(args)

    return apply


Signature = Callable[[list[str]], str | None]


def _all(kind: str, result: str) -> Signature:
    return lambda kinds: result if all(k == kind for k in kinds) else None


def _alike(kinds: list[str]) -> str | None:
    return kinds[0] if len(set(kinds)) == 1 and kinds[0] in (NUMBER, TEXT, DATE) else None


PLAIN_FUNCTIONS: dict[str, tuple[PlainFn, int, int | None, Signature]] = {
    # name: (function, minimum and maximum arguments, signature: argument kinds -> result kind or None)
    "date": (_fn_date, 3, 3, _all(NUMBER, DATE)),
    "host": (_fn_host, 1, 1, _all(TEXT, TEXT)),
    "abs": (lambda n: abs(number(n)), 1, 1, _all(NUMBER, NUMBER)),
    "round": (_fn_round, 1, 2, _all(NUMBER, NUMBER)),
    "min": (_same_kind("min", min), 2, None, _alike),
    "max": (_same_kind("max", max), 2, None, _alike),
}

FUNCTION_NAMES = frozenset(STATE_FUNCTIONS) | frozenset(PLAIN_FUNCTIONS)


def report_year(report: Report) -> Decimal:
    """Return the report's year: header.year, or the template's year when that is not a year."""
    year = report.year
    return Decimal(year if year is not None else report.template.year)
