"""Read numbers out of three-state values, and the robust statistics the checks use."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from statistics import median

from nianbao.report.values import Value

# The constant that makes the MAD a consistent estimate of the standard deviation for normal data.
MAD_SCALE = 0.6745


# Figures beyond this are not analysed (treated like text): no template accepts them (see the [limits] of
# the templates), yet one stored before the limits existed, or written into the database by other means,
# must not stop the pages of a whole region. Far below the float range, so that sums and spreads of any
# number of such figures stay finite.
MAX_ANALYSED = 1e100


def number(value: Value | None) -> float | None:
    """Return the number a value holds (counts, decimals, percentages), or None for 无, blank and text,
    and for a figure too large to analyse (beyond MAX_ANALYSED, or not a finite number at all)."""
    if value is None or not value.is_value:
        return None
    data = value.data
    if isinstance(data, bool) or not isinstance(data, int | Decimal):
        return None
    try:
        result = float(data)  # OverflowError for an int beyond the float range
    except (OverflowError, ValueError):
        return None
    return result if math.isfinite(result) and abs(result) <= MAX_ANALYSED else None


# A spreadsheet holds 15 significant digits; a larger figure goes into a cell as its digits (text), exact.
SPREADSHEET_MAX = 10**15


def spreadsheet_number(data: object) -> int | float | None:
    """Return a figure as a spreadsheet cell's number, or None when it is no figure or too large for one."""
    if isinstance(data, bool) or not isinstance(data, int | Decimal):
        return None
    if isinstance(data, Decimal) and not data.is_finite():
        return None
    if abs(data) > SPREADSHEET_MAX:
        return None
    return data if isinstance(data, int) else float(data)


def mad(values: Sequence[float]) -> tuple[float, float]:
    """Return (median, median absolute deviation) of a non-empty sequence."""
    centre = median(values)
    return centre, median(abs(v - centre) for v in values)


def robust_z(x: float, centre: float, deviation: float) -> float | None:
    """Return 0.6745·(x − median)/MAD, or None when the MAD is 0 (no spread to measure against)."""
    if deviation == 0:
        return None
    return MAD_SCALE * (x - centre) / deviation
