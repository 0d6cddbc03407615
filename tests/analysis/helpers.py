"""Small builders of SiteFigures for the checks' tests."""

from __future__ import annotations

from decimal import Decimal

from nianbao.analysis.checks import SiteFigures
from nianbao.report.values import NONE, Value


def values(**numbers: int | str | float | None) -> dict[str, Value]:
    """Return {item key: value}; keys are written with __ for dots, None stands for 无."""
    result = {}
    for name, n in numbers.items():
        key = name.replace("__", ".")
        if n is None:
            result[key] = NONE
        elif isinstance(n, float):
            result[key] = Value.of(Decimal(str(n)))
        else:
            result[key] = Value.of(n)
    return result


def site(
    pk: int,
    site_type: str = "部门网站",
    level: int = 3,
    previous: dict | None = None,
    state: str = "published",
    **numbers,
) -> SiteFigures:
    code = f"45010200{pk:02d}"
    vals = values(basic__site_code=code, **numbers)
    previous_id = 1000 + pk if previous is not None else None
    return SiteFigures(pk, code, f"示例网站{pk}", site_type, level, vals, previous, state, previous_id)
