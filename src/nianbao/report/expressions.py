"""A small, safe expression language for the rules and computed items written in a template.

An expression is parsed with Python's `ast` (mode "eval") and only a whitelist of nodes is accepted; the
tree is then compiled into plain closures. Nothing is ever passed to eval or exec, names cannot reach
Python objects, and anything outside the whitelist is refused when the template is loaded, with a
TemplateError naming the rule.

Syntax
    item references   dotted item keys: ``interaction.messages.closed``, ``access.uv``
    constants         numbers (read as exact decimals), strings in quotes, True, False
    arithmetic        ``+ - * /`` and unary ``-``, on numbers only
    comparison        ``== != < <= > >=`` (chains allowed), ``in`` / ``not in`` against a tuple or string
    logic             ``and``, ``or``, ``not``
    names             ``year``: the report's year (header.year; the template's year when header.year is
                      blank or not a four-digit year)
    functions         filled(x), none(x), blank(x), empty(x), all_empty(x, ...), any_filled(x, ...),
                      count_filled(x, ...), date(y, m, d), host(url), abs(n), round(n[, digits]),
                      min(a, b, ...), max(a, b, ...)

Three-state semantics
    An item's value is in one of three states: a value, 无 (no data), blank (not filled).

    Outside state functions an item reference stands for its data:
      - a count, decimal or percentage is its number; 无 counts as 0, because the form writes 无 where
        there is no data;
      - a date is a date, a yes/no item is True/False, a choice or text is its string, a multiple choice
        is the tuple of its ticked options (with "其他" added when other text is given);
      - 无 in a non-numeric item, a blank item, or a value that did not parse to the item's type (text
        typed into a count, say) makes the expression NOT APPLICABLE: the rule is skipped. The per-item
        checks report the unparseable value; a blank item is reported only when it is required.
    Division by zero also makes the expression not applicable (it is "undefined", e.g. 按时办结率 with
    nothing closed).

    A comparison or arithmetic with a not-applicable operand is not applicable. ``and``/``or``/``not``
    follow three-valued (Kleene) logic, independent of operand order: ``x and y`` is False as soon as
    one operand is False, True when both are True, otherwise not applicable; ``x or y`` likewise.

    State functions take item references and look at the state itself, never skip:
      filled(x)          x holds a value (0 included; unparseable text counts as filled)
      none(x)            x is 无
      blank(x)           x is blank
      empty(x)           x is blank or 无
      all_empty(...)     every argument is blank or 无
      any_filled(...)    at least one argument holds a value
      count_filled(...)  how many arguments hold a value
    The other functions take evaluated operands: date(y, m, d) builds a date; host(url) is the host of a
    URL, lower-cased, without a leading "www."; round(n, d) rounds half up (四舍五入), to an integer
    when d is omitted; abs, min and max are the usual ones.

Types are strict: numbers compare with numbers, dates with dates, strings with strings; mixing them, or
doing arithmetic on a non-number, is a mistake in the template and raises ExpressionError when met.
A rule's check (and its ``when``) must evaluate to True or False.
"""

from __future__ import annotations

import ast
import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlsplit

from nianbao.forms.template import Item, ItemType, Template, TemplateError
from nianbao.report.report import Report
from nianbao.report.values import MultiChoice, Value

MAX_SOURCE_CHARS = 2000
MAX_DEPTH = 60


class NotApplicable(Exception):
    """Raised during evaluation when an operand is blank, unreadable or undefined."""

    def __init__(self, undefined: bool = False) -> None:
        super().__init__("undefined" if undefined else "missing")
        # undefined: the inputs are there but the result has no value (division by zero).
        self.undefined = undefined


class ExpressionError(TemplateError):
    """An expression met operands it cannot combine: a mistake in the template, named by its rule."""


Node = Callable[[Report], Any]


@dataclass(frozen=True)
class Expression:
    """A compiled expression: its source, the item keys it refers to, and the closure that evaluates it."""

    source: str
    where: str
    keys: tuple[str, ...]
    run: Node

    def evaluate(self, report: Report) -> Any:
        """Return the expression's value for a report; raise NotApplicable when it has none."""
        try:
            return self.run(report)
        except _TypeMismatch as exc:
            raise ExpressionError(f"{self.where}：表达式“{self.source}”{exc.args[0]}") from None

    def truth(self, report: Report) -> bool | None:
        """Return True or False, or None when the expression is not applicable to this report."""
        try:
            result = self.evaluate(report)
        except NotApplicable:
            return None
        if not isinstance(result, bool):
            raise ExpressionError(f"{self.where}：表达式“{self.source}”的结果应为真或假，实际为 {result!r}")
        return result


class _TypeMismatch(Exception):
    """Raised inside closures; Expression.evaluate turns it into an ExpressionError naming the rule."""


# ---------------------------------------------------------------------------------------------------
# Reading an item's value as data.


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


def _kind(x: Any) -> str:
    if isinstance(x, bool):
        return "真假值"
    if isinstance(x, Decimal):
        return "数字"
    if isinstance(x, str):
        return "文字"
    if isinstance(x, dt.date):
        return "日期"
    if isinstance(x, tuple):
        return "列表"
    return type(x).__name__


def _number(x: Any) -> Decimal:
    if isinstance(x, Decimal):
        return x
    raise _TypeMismatch(f"对{_kind(x)}做了算术运算")


def _divide(a: Decimal, b: Decimal) -> Decimal:
    if b == 0:
        raise NotApplicable(undefined=True)
    return a / b


_ARITHMETIC: dict[type, Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: _divide,
}

_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def _compare(op: type, left: Any, right: Any) -> bool:
    if op in (ast.In, ast.NotIn):
        if not isinstance(right, tuple | str) or (isinstance(right, str) and not isinstance(left, str)):
            raise _TypeMismatch(f"“in”的右边应为列表或文字，实际为{_kind(right)}")
        found = left in right
        return found if op is ast.In else not found
    if _kind(left) != _kind(right):
        raise _TypeMismatch(f"比较了{_kind(left)}和{_kind(right)}")
    if isinstance(left, bool | tuple) and op not in (ast.Eq, ast.NotEq):
        raise _TypeMismatch(f"对{_kind(left)}做了大小比较")
    return _COMPARE[op](left, right)


def _truth(x: Any) -> bool:
    if isinstance(x, bool):
        return x
    raise _TypeMismatch(f"在“and/or/not”中用了{_kind(x)}，应为真假值")


# ---------------------------------------------------------------------------------------------------
# Functions. State functions receive Values; the others receive evaluated operands.

StateFn = Callable[[Sequence[Value]], Any]
PlainFn = Callable[..., Any]

_STATE_FUNCTIONS: dict[str, tuple[StateFn, int, int | None]] = {
    # name: (function, minimum arguments, maximum arguments or None for any)
    "filled": (lambda vs: vs[0].is_value, 1, 1),
    "none": (lambda vs: vs[0].is_none, 1, 1),
    "blank": (lambda vs: vs[0].is_blank, 1, 1),
    "empty": (lambda vs: not vs[0].is_value, 1, 1),
    "all_empty": (lambda vs: not any(v.is_value for v in vs), 1, None),
    "any_filled": (lambda vs: any(v.is_value for v in vs), 1, None),
    "count_filled": (lambda vs: Decimal(sum(1 for v in vs if v.is_value)), 1, None),
}


def _fn_date(y: Any, m: Any, d: Any) -> dt.date:
    parts = [_number(x) for x in (y, m, d)]
    if any(p != p.to_integral_value() for p in parts):
        raise _TypeMismatch("的 date() 参数应为整数")
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except (ValueError, OverflowError):
        # Only data can get here (say 年度 written as 9999): dates of constants are checked at load.
        raise NotApplicable() from None


def _fn_host(url: Any) -> str:
    if not isinstance(url, str):
        raise _TypeMismatch(f"的 host() 参数应为网址，实际为{_kind(url)}")
    host = (urlsplit(url.strip()).hostname or "").lower()
    if not host:
        raise NotApplicable()
    return host.removeprefix("www.")


def _fn_round(n: Any, digits: Any = Decimal(0)) -> Decimal:
    places = _number(digits)
    return _number(n).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def _same_kind(name: str, fn: Callable[..., Any]) -> PlainFn:
    def apply(*args: Any) -> Any:
        kinds = {_kind(a) for a in args}
        if len(kinds) != 1 or kinds & {"真假值", "列表"}:
            raise _TypeMismatch(f"的 {name}() 参数类型不一致或不可比较")
        return fn(args)

    return apply


_PLAIN_FUNCTIONS: dict[str, tuple[PlainFn, int, int | None]] = {
    "date": (_fn_date, 3, 3),
    "host": (_fn_host, 1, 1),
    "abs": (lambda n: abs(_number(n)), 1, 1),
    "round": (_fn_round, 1, 2),
    "min": (_same_kind("min", min), 2, None),
    "max": (_same_kind("max", max), 2, None),
}

FUNCTION_NAMES = frozenset(_STATE_FUNCTIONS) | frozenset(_PLAIN_FUNCTIONS)


def _report_year(report: Report) -> Decimal:
    year = report.year
    return Decimal(year if year is not None else report.template.year)


# ---------------------------------------------------------------------------------------------------
# Compiling.


class _Compiler:
    def __init__(self, source: str, template: Template, where: str) -> None:
        self.source = source
        self.template = template
        self.where = where
        self.keys: list[str] = []
        self.depth = 0

    def fail(self, what: str) -> TemplateError:
        return TemplateError(f"{self.where}：表达式“{self.source}”{what}")

    def item_key(self, node: ast.expr) -> str | None:
        """Return the dotted name a Name/Attribute chain spells, or None for other nodes."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        parts.append(node.id)
        for part in parts:
            if part.startswith("_"):
                raise self.fail(f"中不允许以下划线开头的名称“{part}”")
        return ".".join(reversed(parts))

    def reference(self, node: ast.expr) -> Item:
        key = self.item_key(node)
        if key is None:
            raise self.fail(f"中，状态函数的参数必须是项目键，不能是 {type(node).__name__}")
        if not self.template.has_item(key):
            raise self.fail(f"引用了模板中没有的项目“{key}”")
        if key not in self.keys:
            self.keys.append(key)
        return self.template.item(key)

    def compile(self, node: ast.AST) -> Node:
        # A rule is a line or two; a deep tree is a mistake and would exhaust the stack when evaluated.
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"嵌套过深（超过{MAX_DEPTH}层）")
        try:
            return self.compile_node(node)
        finally:
            self.depth -= 1

    def compile_node(self, node: ast.AST) -> Node:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name | ast.Attribute):
            key = self.item_key(node)
            if key == "year":
                return _report_year
            if key is None:
                raise self.fail("中只能在项目键上取属性")
            if key in FUNCTION_NAMES:
                raise self.fail(f"把函数 {key} 当作值使用")
            item = self.reference(node)
            item_key = item.key
            return lambda r: plain_data(item, r.get(item_key))
        if isinstance(node, ast.BoolOp):
            return self.boolop(node)
        if isinstance(node, ast.UnaryOp):
            return self.unaryop(node)
        if isinstance(node, ast.BinOp):
            op = _ARITHMETIC.get(type(node.op))
            if op is None:
                raise self.fail(f"中不允许运算符 {type(node.op).__name__}")
            left, right = self.compile(node.left), self.compile(node.right)
            return lambda r: op(_number(left(r)), _number(right(r)))
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(f"中不允许的语法：{type(node).__name__}")

    def constant(self, node: ast.Constant) -> Node:
        value = node.value
        if isinstance(value, bool | str):
            return lambda r: value
        if isinstance(value, int | float):
            number = Decimal(str(value))
            return lambda r: number
        raise self.fail(f"中不允许的常量 {value!r}")

    def boolop(self, node: ast.BoolOp) -> Node:
        parts = [self.compile(v) for v in node.values]
        decisive = not isinstance(node.op, ast.And)  # the operand value that decides the result

        def run(r: Report) -> bool:
            pending: NotApplicable | None = None
            for part in parts:
                try:
                    value = _truth(part(r))
                except NotApplicable as exc:
                    pending = pending or exc
                    continue
                if value is decisive:
                    return decisive
            if pending is not None:
                raise pending
            return not decisive

        return run

    def unaryop(self, node: ast.UnaryOp) -> Node:
        operand = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda r: not _truth(operand(r))
        if isinstance(node.op, ast.USub):
            return lambda r: -_number(operand(r))
        if isinstance(node.op, ast.UAdd):
            return lambda r: _number(operand(r))
        raise self.fail(f"中不允许运算符 {type(node.op).__name__}")

    def compare(self, node: ast.Compare) -> Node:
        left = self.compile(node.left)
        ops: list[type] = []
        rights: list[Node] = []
        for op, right in zip(node.ops, node.comparators, strict=True):
            if type(op) not in _COMPARE and not isinstance(op, ast.In | ast.NotIn):
                raise self.fail(f"中不允许比较运算符 {type(op).__name__}")
            ops.append(type(op))
            if isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.Tuple):
                rights.append(self.tuple_of([self.compile(e) for e in right.elts]))
            else:
                rights.append(self.compile(right))

        def run(r: Report) -> bool:
            a = left(r)
            for op, right in zip(ops, rights, strict=True):
                b = right(r)
                if not _compare(op, a, b):
                    return False
                a = b
            return True

        return run

    @staticmethod
    def tuple_of(elements: list[Node]) -> Node:
        return lambda r: tuple(e(r) for e in elements)

    def call(self, node: ast.Call) -> Node:
        if not isinstance(node.func, ast.Name):
            raise self.fail("中只能调用内置的校验函数")
        name = node.func.id
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(f"中函数 {name}() 不接受关键字参数或星号参数")
        if name in _STATE_FUNCTIONS:
            fn, low, high = _STATE_FUNCTIONS[name]
            self.arity(name, len(node.args), low, high)
            keys = tuple(self.reference(a).key for a in node.args)
            return lambda r: fn([r.get(k) for k in keys])
        if name in _PLAIN_FUNCTIONS:
            plain, low, high = _PLAIN_FUNCTIONS[name]
            self.arity(name, len(node.args), low, high)
            args = [self.compile(a) for a in node.args]
            if name == "date" and all(isinstance(a, ast.Constant) for a in node.args):
                self.check_constant_date(node)
            return lambda r: plain(*(a(r) for a in args))
        raise self.fail(f"调用了不允许的函数“{name}”（可用：{'、'.join(sorted(FUNCTION_NAMES))}）")

    def check_constant_date(self, node: ast.Call) -> None:
        values: list[Any] = [a.value for a in node.args if isinstance(a, ast.Constant)]
        try:
            dt.date(*values)
        except (TypeError, ValueError, OverflowError):
            raise self.fail(f"中的 date({', '.join(map(str, values))}) 不是有效日期") from None

    def arity(self, name: str, count: int, low: int, high: int | None) -> None:
        if count < low or (high is not None and count > high):
            wanted = f"{low}" if low == high else f"至少{low}" if high is None else f"{low}–{high}"
            raise self.fail(f"中函数 {name}() 应有{wanted}个参数，实际{count}个")


def compile_expression(source: str, template: Template, where: str) -> Expression:
    """Parse and check an expression against a template; TemplateError (naming `where`) if refused."""
    if len(source) > MAX_SOURCE_CHARS:
        raise TemplateError(f"{where}：表达式过长（超过{MAX_SOURCE_CHARS}个字符）")
    compiler = _Compiler(source, template, where)
    try:
        tree = ast.parse(source.strip(), mode="eval")
        run = compiler.compile(tree.body)
    except SyntaxError as exc:
        raise compiler.fail(f"语法错误：{exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, TemplateError):
            raise
        raise compiler.fail("无法解析（含有空字符或嵌套过深）") from None
    return Expression(source=source, where=where, keys=tuple(compiler.keys), run=run)
