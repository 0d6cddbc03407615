"""The one place where the web application calls the core: parsing, computing and validating values."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from nianbao.forms.template import Item, ItemType, Template
from nianbao.report import Finding, Report, Severity, Value
from nianbao.report.checks import TOO_LARGE, check_value
from nianbao.report.coerce import parse_value
from nianbao.report.validate import compute_items
from nianbao.report.validate import validate as core_validate
from nianbao.report.values import BLANK, NONE, MultiChoice

# Items the unit can only know when it publishes the report on its website; they are recorded by the
# publish step, so findings about them alone do not block submission.
PUBLICATION_ITEMS = ("basic.publish_date", "basic.publish_url")


@dataclass(frozen=True)
class Entry:
    """What a person entered for one item: text, or 无 ticked; multiple choice comes as ticked options."""

    text: str = ""
    none: bool = False
    selected: tuple[str, ...] = ()
    other: str = ""

    def raw(self) -> str:
        """Return the entry as one line of text, kept beside the value so nothing typed is lost."""
        if self.none:
            return "无"
        if self.selected or self.other:
            parts = list(self.selected)
            if self.other:
                parts.append(f"其他：{self.other}")
            return "、".join(parts)
        return self.text


def read_entry(item: Item, entry: Entry) -> tuple[Value, tuple[Finding, ...]]:
    """Return the value an entry stands for, with what parsing noticed."""
    if entry.none:
        return NONE, ()
    if item.type is ItemType.MULTICHOICE and (entry.selected or entry.other.strip()):
        selected = tuple(o for o in item.options if o in entry.selected)
        return Value.of(MultiChoice(selected, entry.other.strip() or None)), ()
    if not entry.text.strip():
        return BLANK, ()
    parsed = parse_value(item, entry.text)
    return parsed.value, tuple(parsed.findings)


def above_limit(report: Report, item: Item, value: Value) -> Finding | None:
    """Return the finding when a figure is above its item's upper bound (such a figure is not saved)."""
    return next((f for f in check_value(report.template, item, value) if f.code == TOO_LARGE), None)


def validate(report: Report) -> list[Finding]:
    """Return the core validator's findings for a report."""
    return list(core_validate(report))


def compute(report: Report) -> dict[str, Value]:
    """Return the value of every computed item (e.g. 按时办结率): blank where its inputs are not filled."""
    computed = compute_items(report)
    return {item.key: computed.get(item.key, BLANK) for item in report.template.items if item.compute}


def finding_key(finding: Finding) -> str:
    """Return a stable key for a finding, under which the 填报人's explanation of a warning is kept."""
    return f"{finding.code}:{','.join(finding.items)}"


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """Return the errors that block submission (those about publication items alone do not)."""
    return [
        f
        for f in findings
        if f.severity is Severity.ERROR and not (f.items and set(f.items) <= set(PUBLICATION_ITEMS))
    ]


def while_drafting(findings: Iterable[Finding], template: Template | None = None) -> list[Finding]:
    """Return the findings worth showing while filling in: a blank 公开时间/公开网址 is not yet a fault.

    With the template, an error about a computed item alone (按时办结率 out of range) is pointed at the
    items it is computed from, which are the ones a person can change.
    """
    shown = [
        f
        for f in findings
        if not (f.code == "E-REQUIRED" and f.items and set(f.items) <= set(PUBLICATION_ITEMS))
    ]
    return point_at_inputs(template, shown) if template is not None else shown


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def compute_inputs(template: Template, item: Item) -> tuple[str, ...]:
    """Return the keys of the items a computed item is computed from, in the order the formula names them."""
    keys = [k for k in _NAME.findall(item.compute) if template.has_item(k)]
    return tuple(dict.fromkeys(keys))


def point_at_inputs(template: Template, findings: list[Finding]) -> list[Finding]:
    """Return the findings with each error about computed items alone moved onto their inputs.

    When another error already names exactly those inputs (按时办结留言数量 > 办结留言数量), the moved one
    would say the same thing twice and is dropped.
    """
    named = {frozenset(f.items) for f in findings if f.is_error}
    result = []
    for finding in findings:
        computed = [template.item(k) for k in finding.items if template.has_item(k)]
        if not (finding.is_error and computed and all(i.compute for i in computed)):
            result.append(finding)
            continue
        inputs = tuple(k for i in computed for k in compute_inputs(template, i))
        if not inputs:
            result.append(finding)
            continue
        if frozenset(inputs) in named:
            continue
        labels = "、".join(template.item(k).label for k in inputs)
        names = "、".join(i.label for i in computed)
        shown = finding.message.split("。")[0]
        message = f"{shown}。{names}由{labels}自动计算，请核对{labels}。"
        result.append(replace(finding, items=inputs, message=message))
    return result


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    """Return the warnings, each of which needs an explanation before submission."""
    return [f for f in findings if f.severity is Severity.WARNING]
