"""The official mainland China working-day calendar: holidays and adjusted working days (调休), as data."""

from nianbao.evidence.calendar.workdays import (
    CalendarRangeError,
    Holiday,
    Notice,
    WorkdayCalendar,
    add_workdays,
    default_calendar,
    is_workday,
    load_calendar,
    workdays_between,
)

__all__ = [
    "CalendarRangeError",
    "Holiday",
    "Notice",
    "WorkdayCalendar",
    "add_workdays",
    "default_calendar",
    "is_workday",
    "load_calendar",
    "workdays_between",
]
