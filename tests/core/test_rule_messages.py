import pytest

from core.builders import tiny_template
from nianbao.forms import TemplateError
from nianbao.report import NONE, Report, Value
from nianbao.report.rules import run_rules


def template_with_message(message: str):
    rule = {"code": "R-TEST-RULE", "severity": "warning", "check": "n.a <= n.b", "message": message}
    return tiny_template(rules=[rule])


def test_placeholders_are_filled_from_the_report():
    t = template_with_message(
        "{item[n.a]}（{value[n.a]}）大于{label[n.b]}（{value[n.b]}），{path[n.c]}，{year}年"
    )
    report = Report(t, {"n.a": Value.of(12), "n.b": Value.of(10), "header.year": Value.of("2021")})
    [finding] = run_rules(report)
    assert finding.message == "数字 › 甲（12）大于乙（10），数字，2021年"
    assert finding.code == "R-TEST-RULE"
    assert finding.severity == "warning"
    assert finding.items == ("n.a", "n.b")


def test_a_none_and_a_blank_are_named_as_such():
    t = template_with_message("{value[n.a]}/{value[n.c]}")
    [finding] = run_rules(Report(t, {"n.a": Value.of(1), "n.b": NONE}))
    assert finding.message == "1/未填"


@pytest.mark.parametrize(
    "message",
    ["{n.a}", "{label[n.nope]}", "{label.__class__}", "{value[n.a]!r}", "{label[n.a]:>10}", "{0}", "{}"],
)
def test_unknown_placeholders_are_refused_at_load(message):
    with pytest.raises(TemplateError, match="R-TEST-RULE"):
        template_with_message(message)


@pytest.mark.parametrize("code", ["E-NOT-A-RULE", "R-lower", "R-", "RULE"])
def test_rule_codes_have_the_r_prefix(code):
    rule = {"code": code, "severity": "error", "check": "n.a <= n.b", "message": "消息"}
    with pytest.raises(TemplateError):
        tiny_template(rules=[rule])


def test_duplicate_rule_codes_are_refused():
    rule = {"code": "R-TEST-RULE", "severity": "error", "check": "n.a <= n.b", "message": "消息"}
    with pytest.raises(TemplateError, match="重复"):
        tiny_template(rules=[rule, rule])


def test_a_rule_applies_only_when_its_condition_holds():
    rule = {
        "code": "R-TEST-RULE",
        "severity": "error",
        "when": "n.y == True",
        "check": "n.a > 0",
        "message": "m",
    }
    t = tiny_template(rules=[rule])
    assert run_rules(Report(t, {"n.y": Value.of(False), "n.a": Value.of(0)})) == []
    assert run_rules(Report(t, {"n.a": Value.of(0)})) == []
    assert [f.code for f in run_rules(Report(t, {"n.y": Value.of(True), "n.a": Value.of(0)}))] == [
        "R-TEST-RULE"
    ]
