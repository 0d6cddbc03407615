"""A small, safe expression language for the rules and computed items written in a template.

An expression is parsed with Python's `ast` (mode "eval") and only a whitelist of nodes is accepted; the
tree is then compiled into plain closures. Nothing is ever passed to eval or exec, names cannot reach
Python objects, and anything outside the whitelist is refused when the template is loaded, with a
TemplateError naming the rule.

Syntax
    item references   dotted item keys: ``interaction.messages.closed``, ``access.uv``
    constants         numbers (read as exact decimals), strings in quotes, True, False
    arithmetic        ``+ - * /`` and unary ``-``, on numbers only
    comparison        ``== != < <= > >=`` (chains allowed); ``in`` / ``not in`` against a tuple in
                      brackets, a multiple-choice item (its ticked options) or a text (substring)
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
    nothing closed), as does a date the data makes impossible (date(year + 1, 1, 31) with 年度 9999).

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
    URL, lower-cased, without a leading "www."; round(n, d) rounds half up (四舍五入) to d decimals
    (a constant 0–6; an integer when omitted); abs, min and max are the usual ones.

Types are strict and checked when the template loads: each item's kind follows from its type (number,
text, date, yes/no, list of options), numbers compare with numbers, dates with dates, strings with
strings; ordering (< <= > >=) is for numbers, dates and strings; arithmetic is for numbers; and/or/not
take truth values; a rule's check and ``when`` are truth values and a computed item is a number. Mixing
them is refused at load with a TemplateError naming the rule.
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from nianbao.forms.template import Item, Template, TemplateError
from nianbao.report.expression_runtime import (
    ARITHMETIC,
    BOOL,
    COMPARE,
    DATE,
    FUNCTION_NAMES,
    LIST,
    NUMBER,
    PLAIN_FUNCTIONS,
    STATE_FUNCTIONS,
    TEXT,
    NotApplicable,
    TypeMismatch,
    compare,
    item_kind,
    number,
    plain_data,
    report_year,
    truth_of,
)
from nianbao.report.report import Report

__all__ = [
    "BOOL",
    "DATE",
    "LIST",
    "NUMBER",
    "TEXT",
    "Expression",
    "ExpressionError",
    "NotApplicable",
    "compile_expression",
]

MAX_SOURCE_CHARS = 2000
MAX_DEPTH = 60
MAX_ROUND_DIGITS = 6


class ExpressionError(TemplateError):
    """An expression met operands it cannot combine: a mistake in the template, named by its rule."""


Node = Callable[[Report], Any]
Compiled = tuple[Node, str]  # the closure and the kind of what it returns


@dataclass(frozen=True)
class Expression:
    """A compiled expression: its source, the item keys it refers to, and the closure that evaluates it."""

    source: str
    where: str
    keys: tuple[str, ...]
    kind: str
    run: Node

    def evaluate(self, report: Report) -> Any:
        """Return the expression's value for a report; raise NotApplicable when it has none."""
        try:
            return self.run(report)
        except TypeMismatch as exc:
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

    def compile(self, node: ast.AST) -> Compiled:
        # A rule is a line or two; a deep tree is a mistake and would exhaust the stack when evaluated.
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"嵌套过深（超过{MAX_DEPTH}层）")
        try:
            return self.compile_node(node)
        finally:
            self.depth -= 1

    def compile_node(self, node: ast.AST) -> Compiled:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name | ast.Attribute):
            return self.name(node)
        if isinstance(node, ast.BoolOp):
            return self.boolop(node)
        if isinstance(node, ast.UnaryOp):
            return self.unaryop(node)
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(f"中不允许的语法：{type(node).__name__}")

    def expect(self, compiled: Compiled, kind: str, what: str) -> Node:
        if compiled[1] != kind:
            raise self.fail(f"中{what}应为{kind}，实际为{compiled[1]}")
        return compiled[0]

    def constant(self, node: ast.Constant) -> Compiled:
        value = node.value
        if isinstance(value, bool):
            return (lambda r: value), BOOL
        if isinstance(value, str):
            return (lambda r: value), TEXT
        if isinstance(value, int | float):
            decimal = Decimal(str(value))  # through the shortest repr, so 0.1 stays exactly 0.1
            return (lambda r: decimal), NUMBER
        raise self.fail(f"中不允许的常量 {value!r}")

    def name(self, node: ast.Name | ast.Attribute) -> Compiled:
        key = self.item_key(node)
        if key == "year":
            return report_year, NUMBER
        if key is None:
            raise self.fail("中只能在项目键上取属性")
        if key in FUNCTION_NAMES:
            raise self.fail(f"把函数 {key} 当作值使用")
        item = self.reference(node)
        return (lambda r: plain_data(item, r.get(item.key))), item_kind(item)

    def boolop(self, node: ast.BoolOp) -> Compiled:
        parts = [self.expect(self.compile(v), BOOL, "“and/or”的操作数") for v in node.values]
        decisive = not isinstance(node.op, ast.And)  # the operand value that decides the result

        def run(r: Report) -> bool:
            pending: NotApplicable | None = None
            for part in parts:
                try:
                    value = truth_of(part(r))
                except NotApplicable as exc:
                    pending = pending or exc
                    continue
                if value is decisive:
                    return decisive
            if pending is not None:
                raise pending
            return not decisive

        return run, BOOL

    def unaryop(self, node: ast.UnaryOp) -> Compiled:
        operand = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            run = self.expect(operand, BOOL, "“not”的操作数")
            return (lambda r: not truth_of(run(r))), BOOL
        if isinstance(node.op, ast.USub | ast.UAdd):
            run = self.expect(operand, NUMBER, "正负号的操作数")
            if isinstance(node.op, ast.USub):
                return (lambda r: -number(run(r))), NUMBER
            return run, NUMBER
        raise self.fail(f"中不允许运算符 {type(node.op).__name__}")

    def binop(self, node: ast.BinOp) -> Compiled:
        op = ARITHMETIC.get(type(node.op))
        if op is None:
            raise self.fail(f"中不允许运算符 {type(node.op).__name__}")
        left = self.expect(self.compile(node.left), NUMBER, "算术运算的操作数")
        right = self.expect(self.compile(node.right), NUMBER, "算术运算的操作数")
        return (lambda r: op(number(left(r)), number(right(r)))), NUMBER

    def compare(self, node: ast.Compare) -> Compiled:
        left, left_kind = self.compile(node.left)
        ops: list[type] = []
        rights: list[Node] = []
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.In | ast.NotIn):
                run, right_kind = self.container(right, left_kind)
            elif type(op) in COMPARE:
                run, right_kind = self.compile(right)
                if right_kind != left_kind:
                    raise self.fail(f"比较了{left_kind}和{right_kind}")
                if left_kind in (BOOL, LIST) and not isinstance(op, ast.Eq | ast.NotEq):
                    raise self.fail(f"对{left_kind}做了大小比较")
            else:
                raise self.fail(f"中不允许比较运算符 {type(op).__name__}")
            ops.append(type(op))
            rights.append(run)
            left_kind = right_kind

        def run_all(r: Report) -> bool:
            a = left(r)
            for op, right in zip(ops, rights, strict=True):
                b = right(r)
                if not compare(op, a, b):
                    return False
                a = b
            return True

        return run_all, BOOL

    def container(self, node: ast.expr, element_kind: str) -> Compiled:
        """Compile the right side of `in`: a tuple of same-kind elements, a multiple choice, or a text."""
        if isinstance(node, ast.Tuple):
            elements = [self.compile(e) for e in node.elts]
            if any(kind != element_kind for _, kind in elements):
                raise self.fail(f"中“in”右边的元素应都为{element_kind}")
            runs = [run for run, _ in elements]
            return (lambda r: tuple(run(r) for run in runs)), LIST
        run, kind = self.compile(node)
        if kind not in (LIST, TEXT) or element_kind != TEXT:
            raise self.fail(f"中“in”只能在多选项、文字或括号列表中查找文字，实际为{element_kind} in {kind}")
        return run, kind

    def call(self, node: ast.Call) -> Compiled:
        if not isinstance(node.func, ast.Name):
            raise self.fail("中只能调用内置的校验函数")
        name = node.func.id
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(f"中函数 {name}() 不接受关键字参数或星号参数")
        if name in STATE_FUNCTIONS:
            fn, low, high, result = STATE_FUNCTIONS[name]
            self.arity(name, len(node.args), low, high)
            keys = tuple(self.reference(a).key for a in node.args)
            return (lambda r: fn([r.get(k) for k in keys])), result
        if name in PLAIN_FUNCTIONS:
            plain, low, high, signature = PLAIN_FUNCTIONS[name]
            self.arity(name, len(node.args), low, high)
            compiled = [self.compile(a) for a in node.args]
            kind = signature([k for _, k in compiled])
            if kind is None:
                kinds = "、".join(k for _, k in compiled)
                raise self.fail(f"中函数 {name}() 不接受这些参数（{kinds}）")
            if name == "date" and all(isinstance(a, ast.Constant) for a in node.args):
                self.check_constant_date(node)
            if name == "round" and len(node.args) == 2:
                self.check_round_digits(node.args[1])
            args = [run for run, _ in compiled]
            return (lambda r: plain(*(a(r) for a in args))), kind
        raise self.fail(f"调用了不允许的函数“{name}”（可用：{'、'.join(sorted(FUNCTION_NAMES))}）")

    def check_constant_date(self, node: ast.Call) -> None:
        values: list[Any] = [a.value for a in node.args if isinstance(a, ast.Constant)]
        try:
            dt.date(*values)
        except (TypeError, ValueError, OverflowError):
            raise self.fail(f"中的 date({', '.join(map(str, values))}) 不是有效日期") from None

    def check_round_digits(self, node: ast.expr) -> None:
        digits = node.value if isinstance(node, ast.Constant) else None
        if not (isinstance(digits, int) and 0 <= digits <= MAX_ROUND_DIGITS):
            raise self.fail(f"中 round() 的小数位数应为0到{MAX_ROUND_DIGITS}的整数常量")

    def arity(self, name: str, count: int, low: int, high: int | None) -> None:
        if count < low or (high is not None and count > high):
            wanted = f"{low}" if low == high else f"至少{low}" if high is None else f"{low}–{high}"
            raise self.fail(f"中函数 {name}() 应有{wanted}个参数，实际{count}个")


def compile_expression(source: str, template: Template, where: str, kind: str | None = None) -> Expression:
    """Parse and check an expression against a template; TemplateError (naming `where`) if refused.

    `kind`, when given, is the kind the whole expression must have: 真假值 for a rule, 数字 for a computed
    item.
    """
    if len(source) > MAX_SOURCE_CHARS:
        raise TemplateError(f"{where}：表达式过长（超过{MAX_SOURCE_CHARS}个字符）")
    compiler = _Compiler(source, template, where)
    try:
        tree = ast.parse(source.strip(), mode="eval")
        run, result_kind = compiler.compile(tree.body)
    except SyntaxError as exc:
        raise compiler.fail(f"语法错误：{exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, TemplateError):
            raise
        raise compiler.fail("无法解析（含有空字符或嵌套过深）") from None
    if kind is not None and result_kind != kind:
        raise compiler.fail(f"的结果应为{kind}，实际为{result_kind}")
    return Expression(source=source, where=where, keys=tuple(compiler.keys), kind=result_kind, run=run)
