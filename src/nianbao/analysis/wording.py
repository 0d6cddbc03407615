"""How the checks write numbers and ratios for a supervisor: real units, plain comparisons, no statistics."""

from __future__ import annotations

import math

# Chinese names of the shares a supervisor reads at once ("下降至约千分之一").
_FRACTIONS = {10: "十分之一", 100: "百分之一", 1000: "千分之一", 10_000: "万分之一", 100_000: "十万分之一"}
# Separator between a section and its item, the same as the form's own section paths.
PATH_SEPARATOR = " › "


def fmt(x: float) -> str:
    """Return a figure as a supervisor writes it: thousands separated, decimals only where there are any."""
    if not math.isfinite(x) or abs(x) >= 1e15:
        return "超过千万亿" if x > 0 else "低于负千万亿"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def times(ratio: float) -> str:
    """Return how much larger a figure is than another (ratio ≥ 1) in words: "2.4 倍", "约 1,000 倍"."""
    if ratio < 10:
        return f"{ratio:.1f} 倍"
    return f"约 {round_nicely(ratio):,} 倍"


def share(ratio: float) -> str:
    """Return how small a figure is against another (0 < ratio < 1): "下降 35%", "下降至约千分之一"."""
    if ratio > 0.15:
        return f"下降 {1 - ratio:.0%}"
    inverse = round_nicely(1 / ratio)
    name = _FRACTIONS.get(inverse)
    return f"下降至约{name}" if name else f"下降至约 1/{inverse:,}"


def change(before: float, now: float) -> str:
    """Return the change from `before` to `now` in words, both positive."""
    ratio = now / before
    if ratio >= 1:
        return f"增至上年的{'' if ratio >= 10 else ' '}{times(ratio)}"
    return share(ratio)


def round_nicely(x: float) -> int:
    """Round to two significant digits (1,234 → 1,200), or exactly to a power of ten when close to one."""
    if x <= 0 or not math.isfinite(x):
        return 0
    power = round(math.log10(x))
    if abs(math.log10(x) - power) < 0.05:
        return int(10**power)
    digits = max(0, math.floor(math.log10(x)) - 1)
    return int(round(x / 10**digits) * 10**digits)


def power_of_ten(ratio: float, tolerance: float) -> int:
    """Return k when a ratio is within `tolerance` (in log10 units) of 10^k or 10^-k (k ≥ 1), else 0.

    A figure typed with the decimal point moved, or in 万 instead of 个, is off by such a ratio; a real
    change hardly ever lands that close to one.
    """
    if ratio <= 0 or not math.isfinite(ratio):
        return 0
    exponent = math.log10(ratio)
    k = round(exponent)
    return abs(k) if k != 0 and abs(exponent - k) <= tolerance else 0
