"""The robust z-score: 0.6745·(x − median)/MAD, unmoved by shifting or scaling the data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.analysis.numbers import mad, number, robust_z
from nianbao.report.values import BLANK, NONE, Value


def test_the_score_of_a_far_value_follows_the_formula():
    centre, deviation = mad([1, 2, 3, 4, 100])
    assert (centre, deviation) == (3, 1)
    assert robust_z(100, centre, deviation) == pytest.approx(0.6745 * 97)


def test_no_spread_gives_no_score():
    assert robust_z(5, *mad([5, 5, 5, 5])) is None


@given(
    data=st.lists(st.integers(-10_000, 10_000), min_size=3, max_size=30),
    shift=st.integers(-1000, 1000),
    scale=st.integers(1, 50),
)
def test_the_score_does_not_change_when_the_data_is_shifted_or_scaled(data, shift, scale):
    x = data[0]
    before = robust_z(x, *mad(data))
    moved = [v * scale + shift for v in data]
    after = robust_z(x * scale + shift, *mad(moved))
    if before is None:
        assert after is None
    else:
        assert after == pytest.approx(before)


def test_only_numbers_count_as_numbers():
    assert number(Value.of(12)) == 12
    assert number(NONE) is None
    assert number(BLANK) is None
    assert number(Value.of(True)) is None
    assert number(Value.of("十二")) is None
