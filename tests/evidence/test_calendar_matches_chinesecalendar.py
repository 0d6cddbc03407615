"""Every day 2018–2026 against the independent chinesecalendar package (its own copy of the notices)."""

import datetime as dt

import chinese_calendar

from nianbao.evidence.calendar import default_calendar

# chinesecalendar names holidays in English; a combined break may carry either of its festivals' names.
NAMES = {
    "元旦": {"New Year's Day"},
    "春节": {"Spring Festival"},
    "清明节": {"Tomb-sweeping Day"},
    "劳动节": {"Labour Day"},
    "端午节": {"Dragon Boat Festival"},
    "中秋节": {"Mid-autumn Festival"},
    "国庆节": {"National Day"},
    "国庆节、中秋节": {"National Day", "Mid-autumn Festival"},
    "中秋节、国庆节": {"National Day", "Mid-autumn Festival"},
}


def every_day():
    day = dt.date(2018, 1, 1)
    while day <= dt.date(2026, 12, 31):
        yield day
        day += dt.timedelta(days=1)


def test_the_package_holds_every_year_of_the_table():
    years = {d.year for d in chinese_calendar.constants.holidays}
    assert set(range(2018, 2027)) <= years


def test_every_day_agrees_on_working_or_not():
    calendar = default_calendar()
    differ = [d for d in every_day() if calendar.is_workday(d) != chinese_calendar.is_workday(d)]
    assert differ == []


def test_every_named_day_agrees_on_the_holiday():
    calendar = default_calendar()
    differ = []
    for day in every_day():
        _, name = chinese_calendar.get_holiday_detail(day)
        if name is None:
            continue  # a weekend day joined to a break: chinesecalendar names no holiday
        holiday = calendar.holiday(day)
        if holiday is None or name not in NAMES[holiday.name]:
            differ.append((day, name, holiday and holiday.name))
    assert differ == []
