"""Working-day arithmetic: known spans, and properties over any day of the table."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from nianbao.evidence.calendar import add_workdays, is_workday, workdays_between

D = dt.date
days = st.dates(min_value=D(2018, 1, 1), max_value=D(2026, 10, 31))


def test_five_working_days_from_a_friday_before_national_day_2020():
    # 9/30 (Wed) -> 10/9 (Fri), 10/10 (Sat, adjusted), 10/12, 10/13, 10/14.
    assert add_workdays(D(2020, 9, 30), 5) == D(2020, 10, 14)


def test_the_start_day_is_not_counted():
    assert add_workdays(D(2020, 3, 2), 1) == D(2020, 3, 3)  # Monday -> Tuesday
    assert workdays_between(D(2020, 3, 2), D(2020, 3, 2)) == 0


def test_an_ordinary_week_has_five_working_days():
    assert workdays_between(D(2020, 3, 1), D(2020, 3, 8)) == 5


def test_spring_festival_2020_had_no_working_day_from_24_january_to_2_february():
    assert workdays_between(D(2020, 1, 23), D(2020, 2, 2)) == 0


def test_a_year_counts_its_working_days():
    # 2020 by hand: 262 weekdays, less 19 weekdays of holiday (元旦 1, 春节 6, 清明 1, 劳动节 3, 端午 2,
    # 国庆中秋 6), plus 6 adjusted working weekend days = 249.
    expected = sum(is_workday(D(2020, 1, 1) + dt.timedelta(days=i)) for i in range(366))
    assert workdays_between(D(2019, 12, 31), D(2020, 12, 31)) == expected == 249


@given(days, st.integers(min_value=0, max_value=40))
def test_adding_then_counting_gives_back_n(start, n):
    assert workdays_between(start, add_workdays(start, n)) == n


@given(days, st.integers(min_value=1, max_value=40))
def test_the_nth_working_day_is_the_first_day_reaching_n(start, n):
    end = add_workdays(start, n)
    assert is_workday(end)
    assert workdays_between(start, end - dt.timedelta(days=1)) == n - 1


@given(days, days, days)
def test_counts_over_adjacent_spans_add_up(a, b, c):
    assert workdays_between(a, b) + workdays_between(b, c) == workdays_between(a, c)


@given(days, days)
def test_counting_backwards_is_negative(a, b):
    assert workdays_between(a, b) == -workdays_between(b, a)
