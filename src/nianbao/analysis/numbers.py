"""Read numbers out of three-state values, and the robust statistics the checks use."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from statistics import median

from nianbao.report.values import Value

# The constant that makes the MAD a consistent estimate of the standard deviation for normal data.
MAD_SCALE = 0.6745


def number(value: Value | None) -> float | None:
    """Return the number a value holds (counts, decimals, percentages), or None for 无, blank and text."""
    if value is None or not value.is_value:
        return None
    data = value.data
    if isinstance(data, bool) or not isinstance(data, int | Decimal):
        return None
    return float(data)


def mad(values: Sequence[float]) -> tuple[float, float]:
    """Return (median, median absolute deviation) of a non-empty sequence."""
    centre = median(values)
    return centre, median(abs(v - centre) for v in values)


def robust_z(x: float, centre: float, deviation: float) -> float | None:
    """Return 0.6745·(x − median)/MAD, or None when the MAD is 0 (no spread to measure against)."""
    if deviation == 0:
        return None
    return MAD_SCALE * (x - centre) / deviation
