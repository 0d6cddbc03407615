from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.builders import GX_2020, codes_for, seed_with
from nianbao.report import Value
from nianbao.report.validate import validate


@pytest.mark.parametrize("text", ["0", "1,234", "1.2万", "１２", "12条", "无"])
def test_counts_as_people_write_them_pass(text):
    assert (
        codes_for({"info.total": text, "info.overview": "0", "info.news": "0", "info.catalogue": "0"}) == []
    )


@pytest.mark.parametrize(
    ("text", "code"), [("很多", "E-NOT-NUMBER"), ("12条左右", "E-NOT-NUMBER"), ("3.5", "E-COUNT-NOT-INTEGER")]
)
def test_counts_that_are_not_whole_numbers_are_errors(text, code):
    assert codes_for({"security.assessments": text}) == [code]


def test_a_negative_count_is_an_error():
    assert codes_for({"security.assessments": "-1"}) == ["E-COUNT-NEGATIVE"]


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_a_count_is_flagged_exactly_when_negative(n):
    report = seed_with({})
    report.set("columns.new", Value.of(n))
    report.set("columns.maintained", Value.of(abs(n)))
    assert [f.code for f in validate(report)] == (["E-COUNT-NEGATIVE"] if n < 0 else [])


def test_an_unparseable_count_does_not_also_trip_cross_item_rules():
    # 总数 is text, so "总数 ≥ each kind" cannot be judged: one finding, not four.
    assert codes_for({"info.total": "五百五十一"}) == ["E-NOT-NUMBER"]


@pytest.mark.parametrize(
    ("text", "codes"), [("2.5", []), ("3天", []), ("-1", ["E-NUMBER-NEGATIVE"]), ("两天", ["E-NOT-NUMBER"])]
)
def test_decimal_days(text, codes):
    changes = {
        "interaction.messages.closed": "4",
        "interaction.messages.received": "4",
        "interaction.messages.on_time": "4",
        "interaction.messages.on_time_rate": "100",
    }
    assert codes_for({**changes, "interaction.messages.avg_days": text}) == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("100", []),
        ("0", []),
        ("99.5%", []),
        ("100.1", ["E-PERCENT-RANGE"]),
        ("-3", ["E-NUMBER-NEGATIVE"]),
        ("九成", ["E-NOT-NUMBER"]),
    ],
)
def test_percentages_lie_between_0_and_100(text, codes):
    report = seed_with({})
    report.set(
        "interaction.messages.on_time_rate",
        seed_with({"interaction.messages.on_time_rate": text}).get("interaction.messages.on_time_rate"),
    )
    # Without 办结 and 按时办结 the rate cannot be recomputed; only its own range is judged.
    report.set("interaction.messages.closed", Value.of(0))
    found = [f.code for f in validate(report) if f.code != "W-COMPUTED-UNDEFINED"]
    assert found == codes


def test_a_boolean_in_a_count_is_a_type_error():
    report = seed_with({})
    report.set("security.assessments", Value.of(True))
    assert [f.code for f in validate(report)] == ["E-VALUE-TYPE"]


def test_decimal_value_kept_exact():
    item = GX_2020.item("interaction.messages.avg_days")
    assert seed_with({item.key: "2.50"}).get(item.key) == Value.of(Decimal("2.50"))
