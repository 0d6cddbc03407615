"""Totals, medians and counts of 无 of one numeric item over groups of reports (regions, 网站类型, years)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from statistics import median

from nianbao.analysis.numbers import number
from nianbao.report.values import Value


@dataclass(frozen=True)
class Summary:
    """What a group of reports says about one item."""

    reports: int  # reports in the group
    filled: int  # with a number
    none: int  # 无
    blank: int  # neither (blank, or text that is not a number)
    total: float
    median: float | None

    @property
    def mean(self) -> float | None:
        return self.total / self.filled if self.filled else None


def summarise(values: Iterable[Value | None]) -> Summary:
    """Return the summary of one item's values over a group of reports (None stands for blank)."""
    numbers: list[float] = []
    none = blank = reports = 0
    for value in values:
        reports += 1
        n = number(value)
        if n is not None:
            numbers.append(n)
        elif value is not None and value.is_none:
            none += 1
        else:
            blank += 1
    return Summary(
        reports=reports,
        filled=len(numbers),
        none=none,
        blank=blank,
        total=sum(numbers),
        median=median(numbers) if numbers else None,
    )


def group_summaries(rows: Iterable[tuple[Hashable, Value | None]]) -> dict[Hashable, Summary]:
    """Return the summary per group for (group, value) pairs, groups in first-seen order."""
    groups: dict[Hashable, list[Value | None]] = {}
    for group, value in rows:
        groups.setdefault(group, []).append(value)
    return {group: summarise(values) for group, values in groups.items()}
