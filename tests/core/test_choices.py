import pytest

from core.builders import codes_for, seed_with
from nianbao.report import MultiChoice, Value
from nianbao.report.validate import validate


@pytest.mark.parametrize(
    "text", ["☑政府门户网站 □部门网站 □专项网站", "专项网站", "□政府门户网站 √部门网站 □专项网站"]
)
def test_one_ticked_option_passes(text):
    assert codes_for({"basic.site_type": text}) == []


def test_two_ticks_are_an_error_naming_the_item():
    findings = validate(seed_with({"basic.site_type": "☑政府门户网站 ☑部门网站 □专项网站"}))
    assert [(f.code, f.items) for f in findings] == [("E-CHOICE-COUNT", ("basic.site_type",))]


def test_a_value_that_is_not_an_option_is_an_error():
    [finding] = validate(seed_with({"basic.site_type": "门户网站"}))
    assert finding.code == "E-CHOICE-INVALID"
    assert "政府门户网站、部门网站、专项网站" in finding.message


def test_no_tick_at_all_is_blank_and_the_type_is_required():
    assert codes_for({"basic.site_type": "□政府门户网站 □部门网站 □专项网站"}) == ["E-REQUIRED"]


@pytest.mark.parametrize(("text", "code"), [("☑是　☑否", "E-CHOICE-COUNT"), ("不清楚", "E-YESNO-INVALID")])
def test_yes_no_takes_exactly_one_of_two(text, code):
    assert codes_for({"security.management.backup": text}) == [code]


def test_multichoice_other_text_is_limited_to_200_characters():
    item = "innovation.features"
    ok = seed_with({})
    ok.set(item, Value.of(MultiChoice(("搜索即服务",), "智" * 200)))
    assert validate(ok) == []
    too_long = seed_with({})
    too_long.set(item, Value.of(MultiChoice(("搜索即服务",), "智" * 201)))
    [finding] = validate(too_long)
    assert finding.code == "E-OTHER-TOO-LONG"
    assert "201字" in finding.message and "200字" in finding.message


def test_multichoice_options_must_be_known():
    report = seed_with({})
    report.set("innovation.features", Value.of(MultiChoice(("搜索即服务", "元宇宙"), None)))
    assert [f.code for f in validate(report)] == ["E-MULTICHOICE-INVALID"]
    assert codes_for({"innovation.features": "☑搜索即服务 ☑元宇宙"}) == ["E-MULTICHOICE-INVALID"]


def test_multichoice_with_other_text_passes():
    assert codes_for({"innovation.features": "☑搜索即服务 □多语言版本 ☑其他：智能客服"}) == []
