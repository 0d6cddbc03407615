"""Working days on the official calendar, read from the bundled holidays.toml.

Monday to Friday is a working day unless a holiday period of a State Council notice covers it; Saturday
and Sunday are rest days unless a notice lists them as adjusted working days (调休上班). A date outside
the years the table holds raises CalendarRangeError: the calendar never guesses.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from nianbao.evidence.errors import EvidenceError

FIRST_YEAR = 2018


class CalendarRangeError(EvidenceError):
    """A date the calendar holds no notice for."""


@dataclass(frozen=True)
class Holiday:
    """One holiday period of a notice (the whole break) and the weekend days worked in exchange."""

    name: str
    year: int
    start: dt.date
    end: dt.date
    workdays: tuple[dt.date, ...] = ()

    def days(self) -> Iterator[dt.date]:
        """Yield every day of the break, first to last."""
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)


@dataclass(frozen=True)
class Notice:
    """A State Council notice on one year's holidays, with the later notices that changed it."""

    year: int
    title: str
    published: dt.date
    holidays: tuple[Holiday, ...]
    amended_by: tuple[str, ...] = ()


def _date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class WorkdayCalendar:
    """The working days of every day from 1 January of the first notice year to 31 December of the last."""

    def __init__(self, notices: list[Notice]) -> None:
        if not notices:
            raise EvidenceError("工作日历中没有任何年度的节假日安排。")
        years = sorted(n.year for n in notices)
        if years != list(range(years[0], years[-1] + 1)):
            raise EvidenceError(f"工作日历的年度不连续：{years}；每一年都须有国务院办公厅的节假日安排通知。")
        self.notices = tuple(sorted(notices, key=lambda n: n.year))
        self.first = dt.date(years[0], 1, 1)
        self.last = dt.date(years[-1], 12, 31)
        self._rest: dict[dt.date, Holiday] = {}
        self._worked: dict[dt.date, Holiday] = {}
        for notice in self.notices:
            for holiday in notice.holidays:
                self._add(holiday)
        # cumulative[i]: working days among the first i + 1 days of the range, so a count over any span
        # is one subtraction and add_workdays is one bisection.
        self._cumulative: list[int] = []
        count = 0
        for offset in range((self.last - self.first).days + 1):
            count += self._is_workday(self.first + dt.timedelta(days=offset))
            self._cumulative.append(count)

    def _add(self, holiday: Holiday) -> None:
        where = f"{holiday.year}年通知的“{holiday.name}”"
        if holiday.end < holiday.start:
            raise EvidenceError(f"{where}：放假结束日期早于开始日期。")
        for day in holiday.days():
            if day in self._rest or day in self._worked:
                raise EvidenceError(f"{where}：{_date_text(day)}已出现在另一个节假日安排中。")
            self._rest[day] = holiday
        for day in holiday.workdays:
            # Adjusted working days are always weekend days; anything else is a typing mistake in the table.
            if day.weekday() < 5:
                raise EvidenceError(f"{where}：调休上班日{_date_text(day)}不是周六或周日。")
            if day in self._rest or day in self._worked:
                raise EvidenceError(f"{where}：调休上班日{_date_text(day)}已出现在另一个节假日安排中。")
            self._worked[day] = holiday

    def _check(self, day: dt.date) -> None:
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise TypeError(f"a date is required, not {type(day).__name__}")
        if not self.first <= day <= self.last:
            raise CalendarRangeError(
                f"日期{_date_text(day)}超出工作日历的范围（{_date_text(self.first)}至{_date_text(self.last)}）："
                f"尚未收录该年国务院办公厅的节假日安排通知，无法判断是否为工作日。"
                f"请在 holidays.toml 中补充该年的安排后再计算。"
            )

    def _is_workday(self, day: dt.date) -> bool:
        if day in self._worked:
            return True
        return day.weekday() < 5 and day not in self._rest

    def _index(self, day: dt.date) -> int:
        self._check(day)
        return (day - self.first).days

    def covers(self, day: dt.date) -> bool:
        """Return True when the calendar holds the day."""
        return self.first <= day <= self.last

    def is_workday(self, day: dt.date) -> bool:
        """Return True when the day is an official working day."""
        self._check(day)
        return self._is_workday(day)

    def holiday(self, day: dt.date) -> Holiday | None:
        """Return the holiday period the day belongs to (as a rest day or as an adjusted working day)."""
        self._check(day)
        return self._rest.get(day) or self._worked.get(day)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Return the working days after `start` up to and including `end`; negative when end < start."""
        a, b = self._index(start), self._index(end)
        return self._cumulative[b] - self._cumulative[a]

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """Return the n-th working day after `start`, not counting `start` itself; `start` for n = 0."""
        if n < 0:
            raise ValueError("n must not be negative")
        index = self._index(start)
        if n == 0:
            return start
        target = self._cumulative[index] + n
        found = bisect.bisect_left(self._cumulative, target, lo=index + 1)
        if found == len(self._cumulative):
            raise CalendarRangeError(
                f"从{_date_text(start)}起数{n}个工作日超出工作日历的范围（至{_date_text(self.last)}）："
                f"尚未收录下一年的节假日安排通知。"
            )
        return self.first + dt.timedelta(days=found)


def _as_date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise EvidenceError(f"{where}：应为日期（如 2020-01-24），实际为“{value}”。")
    return value


def _notice(raw: dict) -> Notice:
    year = raw.get("year")
    if not isinstance(year, int) or year < FIRST_YEAR:
        raise EvidenceError(f"节假日表中的通知年度“{year}”无效：应为{FIRST_YEAR}年或以后的整数年份。")
    holidays = []
    for entry in raw.get("holiday", []):
        where = f"{year}年通知的“{entry.get('name', '?')}”"
        holidays.append(
            Holiday(
                name=str(entry["name"]),
                year=year,
                start=_as_date(entry.get("start"), where),
                end=_as_date(entry.get("end"), where),
                workdays=tuple(_as_date(d, where) for d in entry.get("workdays", [])),
            )
        )
    return Notice(
        year=year,
        title=str(raw.get("title", "")),
        published=_as_date(raw.get("published"), f"{year}年通知的发布日期"),
        holidays=tuple(holidays),
        amended_by=tuple(raw.get("amended_by", [])),
    )


def load_calendar(path: Path | None = None) -> WorkdayCalendar:
    """Read a holiday table (the bundled one when no path is given) into a calendar."""
    if path is None:
        text = resources.files(__package__).joinpath("holidays.toml").read_text(encoding="utf-8")
        name = "holidays.toml"
    else:
        text, name = path.read_text(encoding="utf-8"), str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EvidenceError(f"节假日表 {name} 不是有效的 TOML：{exc}") from exc
    return WorkdayCalendar([_notice(n) for n in data.get("notice", [])])


@functools.cache
def default_calendar() -> WorkdayCalendar:
    """Return the calendar of the bundled holiday table."""
    return load_calendar()


def is_workday(day: dt.date) -> bool:
    """Return True when the day is an official working day on the bundled calendar."""
    return default_calendar().is_workday(day)


def add_workdays(start: dt.date, n: int) -> dt.date:
    """Return the n-th working day after `start` on the bundled calendar, not counting `start`."""
    return default_calendar().add_workdays(start, n)


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Return the working days after `start` up to and including `end` on the bundled calendar."""
    return default_calendar().workdays_between(start, end)
