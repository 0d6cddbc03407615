"""Build reports for the tests: the seed with some items changed, values written as people type them."""

from core.seed_values import SEED_VALUES
from nianbao.forms import Template, get_template
from nianbao.report import Finding, Report, Value
from nianbao.report.coerce import parse_value
from nianbao.report.validate import validate

GX_2020 = get_template("gx-2020")


def typed(template: Template, key: str, text: str) -> Value:
    """Return the value a person typing `text` into the item gets ("" is blank)."""
    return parse_value(template.item(key), text).value


def seed_with(changes: dict[str, str], template: Template = GX_2020) -> Report:
    """Return the seed report with some items retyped."""
    values = dict(SEED_VALUES)
    for key, text in changes.items():
        values[key] = typed(template, key, text)
    return Report(template, values)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def codes_for(changes: dict[str, str]) -> list[str]:
    """Return the codes validation finds on the seed with these items retyped."""
    return codes(validate(seed_with(changes)))


def tiny_template(rules: list[dict[str, object]] | None = None, **extra_items: str) -> Template:
    """Return a small inline template: counts a, b, c; decimal d; text t; yes/no y; date day; choice ch."""
    from nianbao.forms import parse_template

    items = [
        {"key": "n.a", "label": "甲", "section": "n", "type": "count", "unit": "条"},
        {"key": "n.b", "label": "乙", "section": "n", "type": "count", "unit": "条"},
        {"key": "n.c", "label": "丙", "section": "n", "type": "count", "unit": "条"},
        {"key": "n.d", "label": "丁", "section": "n", "type": "decimal", "unit": "天"},
        {"key": "n.t", "label": "文字", "section": "n", "type": "text"},
        {"key": "n.y", "label": "是否", "section": "n", "type": "yesno"},
        {"key": "n.day", "label": "日期", "section": "n", "type": "date"},
        {"key": "n.ch", "label": "类型", "section": "n", "type": "choice", "options": ["甲类", "乙类"]},
        {"key": "n.u", "label": "网址", "section": "n", "type": "url"},
        {"key": "header.year", "label": "年度", "section": "n", "type": "code"},
    ]
    items += [{"key": k, "label": k, "section": "n", "type": t} for k, t in extra_items.items()]
    return parse_template(
        {
            "id": "tiny",
            "title": "小表",
            "year": 2020,
            "sections": [{"key": "n", "label": "数字"}],
            "items": items,
            "rules": rules or [],
        },
        "tiny.toml",
    )
