"""Anything outside the expression whitelist is refused when the template loads, naming the rule."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.builders import tiny_template
from nianbao.forms import TemplateError
from nianbao.report.expressions import compile_expression


def load_with_check(check: str) -> None:
    tiny_template(rules=[{"code": "R-TEST-RULE", "severity": "error", "check": check, "message": "消息"}])


@pytest.mark.parametrize(
    "check",
    [
        "n.a.__class__ == 1",
        "n.__dict__ == 1",
        "_secret == 1",
        "__import__('os').system('true')",
        "open('/etc/passwd') == 1",
        "eval('1') == 1",
        "getattr(n.a, 'real') == 1",
        "(lambda: 1)() == 1",
        "[x for x in (1, 2)] == 1",
        "{x for x in (1,)} == 1",
        "{1: 2} == 1",
        "(x for x in (1,)) == 1",
        "n.a[0] == 1",
        "'abc'[0] == 'a'",
        "(1, 2) == 1",
        "n.a if n.b else n.c",
        "(y := 1) == 1",
        "f'{n.a}' == '1'",
        "n.a ** 2 > 1",
        "n.a // 2 > 1",
        "n.a % 2 == 1",
        "n.a << 1 > 1",
        "~n.a > 1",
        "n.a is None",
        "None == n.a",
        "b'x' == 'x'",
        "round(n.a, ndigits=1) > 1",
        "max(*n.a) > 1",
        "n.a.real > 1",
        "(n.a).bit_length() > 1",
        "filled(n.a + 1)",
        "filled('n.a')",
        "n.missing > 1",
        "date(2020, 1) > n.day",
        "date(2021, 2, 30) > n.day",
        "date(2021, 1.5, 3) > n.day",
        "min(n.a) > 1",
        "filled > 1",
        "n.a <=",
        "import os",
        "not " * 100 + "n.y",
        # kinds that do not combine, found from the items' types before any report is seen
        "n.a + n.t == 1",
        "n.a == '1'",
        "n.day > 3",
        "n.y + 1 > 0",
        "n.y < True",
        "n.a",
        "n.a + 1",
        "not n.a",
        "n.a and n.y",
        "n.a in n.t",
        "n.t in (1, 2)",
        "n.a in n.u",
        "max(n.a, n.day) > 1",
        "min(n.y, n.y)",
        "host(n.a) == 'x'",
        "date(n.t, 1, 1) > n.day",
        "round(n.d, 100) > 1",
        "round(n.d, n.a) > 1",
        "-n.t == 'x'",
        "n.a\x00 > 1",
        "n.a > " + "1" * 3000,
    ],
)
def test_it_refuses_at_load_and_names_the_rule(check):
    with pytest.raises(TemplateError, match="R-TEST-RULE"):
        load_with_check(check)


@pytest.mark.parametrize("field", ["check", "when"])
def test_when_is_checked_as_strictly_as_check(field):
    rule = {"code": "R-TEST-RULE", "severity": "error", "check": "n.a <= n.b", "message": "消息"}
    rule[field] = "n.a.__class__"
    with pytest.raises(TemplateError, match="R-TEST-RULE"):
        tiny_template(rules=[rule])


def test_computed_items_are_checked_at_load():
    from nianbao.forms import parse_template

    with pytest.raises(TemplateError, match="compute"):
        parse_template(
            {
                "id": "x",
                "title": "x",
                "year": 2020,
                "sections": [{"key": "n", "label": "n"}],
                "items": [
                    {
                        "key": "n.r",
                        "label": "率",
                        "section": "n",
                        "type": "percentage",
                        "compute": "__import__('os')",
                    }
                ],
            }
        )


@given(st.text(max_size=60))
def test_arbitrary_text_either_compiles_or_is_refused_cleanly(source):
    template = tiny_template()
    try:
        compile_expression(source, template, "随机")
    except TemplateError as exc:
        assert "随机" in str(exc)
