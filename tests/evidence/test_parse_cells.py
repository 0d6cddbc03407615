"""Times and yes/no cells as exports write them; times end in Beijing time."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.evidence.parse import parse_flag, parse_time

T = dt.datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-05 10:00:00", T(2020, 1, 5, 10)),
        ("2020-01-05", T(2020, 1, 5)),
        ("2020/1/5 9:05", T(2020, 1, 5, 9, 5)),
        ("2020.1.5", T(2020, 1, 5)),
        ("2020年1月5日", T(2020, 1, 5)),
        ("2020年5月1日 9时30分", T(2020, 5, 1, 9, 30)),
        ("2020年5月1日 9时30分15秒", T(2020, 5, 1, 9, 30, 15)),
        ("２０２０－０１－０５　１０：００", T(2020, 1, 5, 10)),  # full-width
        ("2020-12-31T16:30:00Z", T(2021, 1, 1, 0, 30)),
        ("2020-12-31T16:30:00+00:00", T(2021, 1, 1, 0, 30)),
        ("2020/12/31 16:30 +0000", T(2021, 1, 1, 0, 30)),
        ("2021-01-01T00:30:00+08:00", T(2021, 1, 1, 0, 30)),
        ("1577836800", T(2020, 1, 1, 8)),  # Unix seconds: 2020-01-01 00:00 UTC
        (1577836800000, T(2020, 1, 1, 8)),  # milliseconds
        (T(2020, 3, 3, 3, 3), T(2020, 3, 3, 3, 3)),
        (dt.date(2020, 3, 3), T(2020, 3, 3)),
    ],
)
def test_times_are_read(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["昨天", "2020-13-01", "2020-02-30 10:00", "2020-01-05 25:00", "1/5/2020"])
def test_unreadable_times_are_refused(text):
    with pytest.raises(ValueError):
        parse_time(text)


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_an_empty_time_is_none(empty):
    assert parse_time(empty) is None


@given(st.datetimes(min_value=T(2000, 1, 1), max_value=T(2100, 1, 1)))
def test_any_iso_time_with_offset_lands_in_beijing_time(moment):
    utc = moment.replace(microsecond=0, tzinfo=dt.UTC)
    assert parse_time(utc.isoformat()) == (utc + dt.timedelta(hours=8)).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("是", True),
        ("否", False),
        ("Y", True),
        ("no", False),
        ("TRUE", True),
        (1, True),
        (0, False),
        (True, True),
    ],
)
def test_flags_are_read(cell, expected):
    assert parse_flag(cell) is expected


def test_an_empty_flag_is_none_and_a_strange_one_refused():
    assert parse_flag("") is None
    with pytest.raises(ValueError):
        parse_flag("也许")
