"""Computed items (按时办结率 = 按时办结 / 办结 × 100): fill them, and check what was entered by hand."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from nianbao.forms.template import ItemType
from nianbao.report.checks import where
from nianbao.report.coerce import format_decimal
from nianbao.report.expressions import NotApplicable
from nianbao.report.findings import Finding, Severity
from nianbao.report.report import Report
from nianbao.report.rules import compiled
from nianbao.report.values import NONE, Value

# Computed values are kept to two decimals, as a percentage is printed.
_PLACES = Decimal("0.01")


def _compute(report: Report, key: str) -> tuple[Value | None, Decimal | None]:
    """Return (the value to fill, the exact result); (None, None) when an input is blank or unreadable.

    The value is 无 when an input is 无 or the result is undefined (nothing closed).
    """
    for item_key, expression in compiled(report.template).computes:
        if item_key != key:
            continue
        inputs = [report.get(k) for k in expression.keys]
        if any(v.is_blank for v in inputs):
            return None, None
        # An input written 无 has no data, so neither has the result (无 would otherwise count as 0 and
        # turn "no data on 按时办结" into a rate of 0%).
        if any(v.is_none for v in inputs):
            return NONE, None
        try:
            result = expression.evaluate(report)
        except NotApplicable as exc:
            return (NONE, None) if exc.undefined else (None, None)
        if not isinstance(result, Decimal):
            return None, None
        rounded = result.quantize(_PLACES, rounding=ROUND_HALF_UP)
        return Value.of(Decimal(format_decimal(rounded))), result
    raise KeyError(key)


def compute_items(report: Report) -> dict[str, Value]:
    """Return {key: value} for each computed item whose inputs are filled; 无 where an input is 无 or 0/0."""
    result = {}
    for key, _ in compiled(report.template).computes:
        value, _exact = _compute(report, key)
        if value is not None:
            result[key] = value
    return result


def _within_entered_precision(entered: Decimal, exact: Decimal) -> bool:
    # A person rounds (or truncates) to the precision they write: 98.5 for 98.46, 99 or 100 for 99.7.
    exponent = entered.as_tuple().exponent
    unit = Decimal(1).scaleb(min(int(exponent), 0)) if isinstance(exponent, int) else Decimal(1)
    return abs(entered - exact) < unit


def check_computed(report: Report) -> list[Finding]:
    """Flag a computed item whose entered value differs from what its inputs give."""
    template = report.template
    findings = []
    for key, expression in compiled(template).computes:
        item = template.item(key)
        entered = report.get(key)
        value, exact = _compute(report, key)
        if value is None or (entered.is_blank and value.is_none):
            continue
        if exact is not None and item.type is ItemType.PERCENTAGE and not 0 <= exact <= 100:
            # The inputs contradict each other (more on time than closed); the rule comparing them says
            # so, and suggesting a rate of 120% would only mislead.
            continue
        inputs = "、".join(template.item(k).label for k in expression.keys if k != key)
        name = where(template, item)
        if exact is not None and entered.is_value and isinstance(entered.data, Decimal):
            if not _within_entered_precision(entered.data, exact):
                shown = format_decimal(value.data) if isinstance(value.data, Decimal) else ""
                findings.append(
                    Finding(
                        "E-COMPUTED-MISMATCH",
                        Severity.ERROR,
                        f"{name}：填写的{format_decimal(entered.data)}与由{inputs}算出的{shown}不一致。"
                        f"请核对{inputs}，或将本项改为{shown}。",
                        (key, *expression.keys),
                    )
                )
        elif exact is not None and not entered.is_value:
            shown = format_decimal(value.data) if isinstance(value.data, Decimal) else ""
            findings.append(
                Finding(
                    "W-COMPUTED-MISSING",
                    Severity.WARNING,
                    f"{name}：{'未填写' if entered.is_blank else '填写为“无”'}，"
                    f"但由{inputs}算出应为{shown}。请填写{shown}。",
                    (key, *expression.keys),
                )
            )
        elif exact is None and entered.is_value and isinstance(entered.data, Decimal):
            findings.append(
                Finding(
                    "W-COMPUTED-UNDEFINED",
                    Severity.WARNING,
                    f"{name}：填写了{format_decimal(entered.data)}，但{inputs}中有“无”或分母为0，无法计算。"
                    f"请核对{inputs}；无法计算时本项写“无”。",
                    (key, *expression.keys),
                )
            )
    return findings
