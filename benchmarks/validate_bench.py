"""Measure validation: the web app validates on every save, so a full report must take well under 5 ms.

    .venv/bin/python benchmarks/validate_bench.py [--rounds 2000]

Prints the time to compile a template's rules once, and to validate (and compute items of) a fully filled
report, a report breaking many rules, and an empty one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from nianbao.forms.template import Item, ItemType, get_template
from nianbao.report.report import Report
from nianbao.report.rules import compile_template
from nianbao.report.validate import compute_items, validate
from nianbao.report.values import MultiChoice, Value

TEMPLATE = get_template("gx-2020")


def filled_value(item: Item, n: int) -> Value:
    """Return a plausible value for an item: all counts equal, so every ≤ rule holds."""
    match item.type:
        case ItemType.COUNT:
            return Value.of(n)
        case ItemType.DECIMAL | ItemType.PERCENTAGE:
            return Value.of(Decimal(100))
        case ItemType.DATE:
            return Value.of(dt.date(TEMPLATE.year + 1, 1, 15))
        case ItemType.URL:
            return Value.of("https://www.example.gov.cn/")
        case ItemType.CODE:
            return Value.of(item.example or "示例")
        case ItemType.CHOICE:
            return Value.of(item.options[0])
        case ItemType.YESNO:
            return Value.of(True)
        case ItemType.MULTICHOICE:
            return Value.of(MultiChoice(item.options[:2], "示例功能"))
    return Value.of("示例单位")


def full_report(n: int) -> Report:
    """Return a report with every item filled and no finding: sums add up, parts stay within totals."""
    report = Report(TEMPLATE, {item.key: filled_value(item, n) for item in TEMPLATE.items})
    report.set("interpret.total", Value.of(3 * n))
    report.set("service.cases.total", Value.of(2 * n))
    return report


def breaking_report() -> Report:
    report = full_report(10)
    for key in ("access.pv", "info.total", "interaction.messages.closed", "security.inspection.found"):
        report.set(key, Value.of(1))
    report.set("basic.site_code", Value.of("123"))
    report.set("basic.publish_date", Value.of(dt.date(TEMPLATE.year + 1, 3, 1)))
    return report


def per_call_ms(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Return (median, 95th percentile) milliseconds per call."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    rounds = parser.parse_args().rounds

    print(f"模板 {TEMPLATE.id}：{len(TEMPLATE.items)} 个项目，{len(TEMPLATE.rules)} 条规则")
    median, p95 = per_call_ms(lambda: compile_template(TEMPLATE), 200)
    print(f"compile rules once        median {median:.3f} ms   p95 {p95:.3f} ms")
    compile_template(TEMPLATE)  # leave the bundled template compiled, as get_template does

    cases = {
        "full report": full_report(10),
        "breaking report": breaking_report(),
        "empty report": Report(TEMPLATE),
    }
    for name, report in cases.items():
        findings = len(validate(report))
        median, p95 = per_call_ms(lambda r=report: validate(r), rounds)
        print(f"validate {name:<18} median {median:.3f} ms   p95 {p95:.3f} ms   ({findings} findings)")
    median, p95 = per_call_ms(lambda: compute_items(cases["full report"]), rounds)
    print(f"compute_items             median {median:.3f} ms   p95 {p95:.3f} ms")


if __name__ == "__main__":
    main()
