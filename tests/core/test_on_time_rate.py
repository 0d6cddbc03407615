"""按时办结率 is computed from 按时办结留言数量 / 办结留言数量 × 100; a differing entered value is flagged."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.builders import codes_for, seed_with
from nianbao.report import NONE, Value
from nianbao.report.validate import compute_items, validate

RATE = "interaction.messages.on_time_rate"


def messages(closed: str, on_time: str, rate: str = "") -> dict[str, str]:
    return {
        "interaction.messages.received": closed,
        "interaction.messages.closed": closed,
        "interaction.messages.on_time": on_time,
        RATE: rate,
    }


@pytest.mark.parametrize(
    ("closed", "on_time", "expected"),
    [
        ("10", "9", Value.of(Decimal(90))),
        ("3", "2", Value.of(Decimal("66.67"))),
        ("8", "8", Value.of(Decimal(100))),
    ],
)
def test_it_computes_the_rate_to_two_decimals(closed, on_time, expected):
    assert compute_items(seed_with(messages(closed, on_time))) == {RATE: expected}


@pytest.mark.parametrize(("closed", "on_time"), [("无", "无"), ("0", "0"), ("5", "无"), ("无", "0")])
def test_with_no_data_or_nothing_closed_the_rate_is_none(closed, on_time):
    assert compute_items(seed_with(messages(closed, on_time))) == {RATE: NONE}


def test_with_an_input_blank_nothing_is_computed():
    assert compute_items(seed_with(messages("10", ""))) == {}


@pytest.mark.parametrize("entered", ["66.67", "66.7", "67", "66", "66.666"])
def test_rounding_or_truncating_to_the_written_precision_is_accepted(entered):
    assert codes_for(messages("3", "2", entered)) == []


@pytest.mark.parametrize("entered", ["66.5", "65", "68", "100", "66.68"])
def test_a_differing_rate_is_an_error_naming_the_three_items(entered):
    findings = validate(seed_with(messages("3", "2", entered)))
    assert [f.code for f in findings] == ["E-COMPUTED-MISMATCH"]
    assert set(findings[0].items) == {RATE, "interaction.messages.on_time", "interaction.messages.closed"}
    assert "66.67" in findings[0].message


def test_a_missing_rate_that_can_be_computed_is_a_warning():
    [finding] = validate(seed_with(messages("4", "3", "无")))
    assert finding.code == "W-COMPUTED-MISSING"
    assert "75" in finding.message


def test_a_rate_given_when_none_can_be_computed_is_a_warning():
    assert codes_for(messages("无", "无", "100")) == ["W-COMPUTED-UNDEFINED"]


@given(st.integers(min_value=1, max_value=10**6), st.data())
def test_the_computed_rate_always_passes_its_own_check(closed, data):
    on_time = data.draw(st.integers(min_value=0, max_value=closed))
    report = seed_with(messages(str(closed), str(on_time)))
    report.set(RATE, compute_items(report)[RATE])
    assert validate(report) == []


@pytest.mark.parametrize("entered", ["100", "无", ""])
def test_more_on_time_than_closed_is_left_to_the_rule_not_the_rate(entered):
    # 12 on time of 10 closed would give 120%: only the rule comparing the two counts speaks
    changes = messages("10", "12", entered)
    assert codes_for(changes) == ["R-MESSAGES-ON-TIME-LE-CLOSED"]
