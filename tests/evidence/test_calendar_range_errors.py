"""A date outside the table raises a clear Chinese error; the calendar never guesses."""

import datetime as dt

import pytest

from nianbao.evidence.calendar import CalendarRangeError, add_workdays, is_workday, workdays_between
from nianbao.evidence.calendar.workdays import Holiday, Notice, WorkdayCalendar
from nianbao.evidence.errors import EvidenceError


@pytest.mark.parametrize("day", [dt.date(2017, 12, 29), dt.date(2027, 1, 4), dt.date(1999, 5, 1)])
def test_a_day_outside_the_table_is_refused(day):
    with pytest.raises(CalendarRangeError, match="超出工作日历的范围"):
        is_workday(day)


def test_the_message_names_the_day_and_the_range():
    with pytest.raises(CalendarRangeError) as caught:
        is_workday(dt.date(2027, 1, 4))
    assert "2027年1月4日" in str(caught.value)
    assert "2018年1月1日至2026年12月31日" in str(caught.value)


def test_counting_past_the_last_day_is_refused():
    with pytest.raises(CalendarRangeError, match="超出工作日历的范围"):
        add_workdays(dt.date(2026, 12, 28), 5)


def test_a_span_reaching_outside_is_refused():
    with pytest.raises(CalendarRangeError):
        workdays_between(dt.date(2017, 12, 1), dt.date(2018, 1, 5))


def test_a_datetime_is_not_taken_for_a_date():
    with pytest.raises(TypeError):
        is_workday(dt.datetime(2020, 1, 2, 9, 0))


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        add_workdays(dt.date(2020, 1, 2), -1)


def notice(year, *holidays):
    return Notice(year=year, title="", published=dt.date(year - 1, 12, 1), holidays=holidays)


def test_a_weekday_listed_as_adjusted_working_day_is_a_table_error():
    wrong = Holiday("春节", 2020, dt.date(2020, 1, 24), dt.date(2020, 1, 30), (dt.date(2020, 1, 20),))
    with pytest.raises(EvidenceError, match="不是周六或周日"):
        WorkdayCalendar([notice(2020, wrong)])


def test_overlapping_periods_are_a_table_error():
    a = Holiday("甲", 2020, dt.date(2020, 1, 24), dt.date(2020, 1, 30))
    b = Holiday("乙", 2020, dt.date(2020, 1, 30), dt.date(2020, 2, 2))
    with pytest.raises(EvidenceError, match="已出现在另一个节假日安排中"):
        WorkdayCalendar([notice(2020, a, b)])


def test_a_missing_year_in_the_middle_is_a_table_error():
    with pytest.raises(EvidenceError, match="不连续"):
        WorkdayCalendar([notice(2018), notice(2020)])
