"""The template's own checks: [[rules]] and computed items, compiled once per template and run on a report.

A rule reads: when `when` holds (or there is no `when`), `check` must hold; when `check` is False the
rule fires with its code, severity and message. A rule whose `when` or `check` is not applicable (a blank
or unreadable operand) does not fire. Messages may name items and values with placeholders:
{label[key]} the printed label, {path[key]} the section path, {item[key]} path and label together,
{value[key]} the value as the form prints it (未填 for blank), {year} the report's year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from nianbao.forms.template import Rule, Template, TemplateError
from nianbao.report.coerce import format_value
from nianbao.report.expressions import BOOL, NUMBER, Expression, compile_expression
from nianbao.report.findings import Finding, Severity
from nianbao.report.report import Report

_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
_FIELD_RE = re.compile(r"^(label|path|item|value)\[([^\[\]]+)\]$|^year$")
_CODE_RE = re.compile(r"^R-[A-Z0-9]+(-[A-Z0-9]+)*$")


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    check: Expression
    when: Expression | None
    items: tuple[str, ...]
    render: Callable[[Report], str]

    def apply(self, report: Report) -> Finding | None:
        """Return the rule's finding when it fires on this report, else None."""
        if self.when is not None and self.when.truth(report) is not True:
            return None
        if self.check.truth(report) is not False:
            return None
        severity = Severity.ERROR if self.rule.severity == "error" else Severity.WARNING
        return Finding(self.rule.code, severity, self.render(report), self.items)


@dataclass(frozen=True)
class CompiledTemplate:
    template: Template
    rules: tuple[CompiledRule, ...]
    computes: tuple[tuple[str, Expression], ...]


def _message_renderer(message: str, template: Template, where: str) -> Callable[[Report], str]:
    """Check a message's placeholders now and return a function that fills them from a report."""
    for match in _PLACEHOLDER_RE.finditer(message):
        field = _FIELD_RE.match(match[1])
        if field is None:
            raise TemplateError(
                f"{where}：消息中的占位符“{match[0]}”无法识别（可用：{{label[键]}}、{{path[键]}}、"
                f"{{item[键]}}、{{value[键]}}、{{year}}）"
            )
        if field[2] is not None and not template.has_item(field[2]):
            raise TemplateError(f"{where}：消息占位符“{match[0]}”引用了模板中没有的项目")

    def fill(report: Report, match: re.Match[str]) -> str:
        field = _FIELD_RE.match(match[1])
        assert field is not None  # checked above
        if field[1] is None:
            return str(report.year if report.year is not None else template.year)
        item = template.item(field[2])
        if field[1] == "label":
            return item.label
        if field[1] == "path":
            return template.section_label(item)
        if field[1] == "item":
            return f"{template.section_label(item)} › {item.label}"
        return format_value(item, report.get(item.key)) or "未填"

    return lambda report: _PLACEHOLDER_RE.sub(lambda m: fill(report, m), message)


def _compile_rule(rule: Rule, template: Template, source: str) -> CompiledRule:
    where = f"{source} 规则 {rule.code}"
    if not _CODE_RE.match(rule.code):
        raise TemplateError(f"{where}：规则代码应形如 R-INFO-TOTAL（R- 加大写字母、数字和连字符）")
    if not rule.check.strip():
        raise TemplateError(f"{where}：缺少 check 表达式")
    if not rule.message.strip():
        raise TemplateError(f"{where}：缺少 message")
    check = compile_expression(rule.check, template, where, BOOL)
    when = compile_expression(rule.when, template, f"{where}（when）", BOOL) if rule.when.strip() else None
    items = rule.items or check.keys
    return CompiledRule(rule, check, when, items, _message_renderer(rule.message, template, where))


def compile_template(template: Template, source: str = "") -> CompiledTemplate:
    """Compile every rule and computed item of a template; TemplateError naming the rule if one is bad."""
    source = source or template.id
    codes: set[str] = set()
    rules = []
    for rule in template.rules:
        if rule.code in codes:
            raise TemplateError(f"{source}：规则代码 {rule.code} 重复")
        codes.add(rule.code)
        rules.append(_compile_rule(rule, template, source))
    computes = tuple(
        (item.key, compile_expression(item.compute, template, f"{source} 项目 {item.key} 的 compute", NUMBER))
        for item in template.items
        if item.compute
    )
    compiled = CompiledTemplate(template, tuple(rules), computes)
    _CACHE[id(template)] = compiled
    while len(_CACHE) > _CACHE_SIZE:
        del _CACHE[next(iter(_CACHE))]  # the oldest: templates loaded from files over and over
    return compiled


# Templates hold mappings and so are not hashable: key by identity, and keep the template in the entry
# so that the identity check is sound. Bundled templates are few; the bound only matters for templates
# loaded from files again and again.
_CACHE: dict[int, CompiledTemplate] = {}
_CACHE_SIZE = 64


def compiled(template: Template) -> CompiledTemplate:
    """Return the template's compiled rules, compiling them on first use."""
    entry = _CACHE.get(id(template))
    if entry is not None and entry.template is template:
        return entry
    return compile_template(template)


def run_rules(report: Report) -> list[Finding]:
    """Return the findings of the template's rules that fire on this report."""
    findings = []
    for rule in compiled(report.template).rules:
        finding = rule.apply(report)
        if finding is not None:
            findings.append(finding)
    return findings
