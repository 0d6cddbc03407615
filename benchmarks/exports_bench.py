"""Measure the CMS and message-board computations on generated exports, with answers checked.

    .venv/bin/python benchmarks/exports_bench.py [--rows 200000]

Writes one CSV of each kind into a temporary folder, counts it as `nianbao cms` / `nianbao messages` do,
checks the figures against the numbers put in, and prints rows per second and peak memory.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import tempfile
import time
from pathlib import Path

from nianbao.evidence.calendar import add_workdays
from nianbao.evidence.cms import compute_cms, parse_mapping
from nianbao.evidence.messages import MessageRules, compute_messages

COLUMNS = {"overview": "走进/概况", "news": "动态", "catalogue": "公开/目录", "other": "其他"}


def cms_export(path: Path, rows: int, rng: random.Random) -> dict[str, int]:
    """Write a CMS export and return how many items of 2020 each category holds."""
    expected = dict.fromkeys(COLUMNS, 0)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["标题", "链接", "栏目", "发布时间", "是否外链"])
        for n in range(rows):
            category = rng.choice(list(COLUMNS))
            year = rng.choice((2019, 2020, 2020, 2021))
            external = rng.random() < 0.1
            when = dt.datetime(
                year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)
            )
            writer.writerow(
                [
                    f"信息{n}",
                    f"http://example.gov.cn/{n}.html",
                    COLUMNS[category],
                    when,
                    "是" if external else "否",
                ]
            )
            if year == 2020 and not external:
                expected[category] += 1
    return expected


def messages_export(path: Path, rows: int, rng: random.Random, limit: int) -> tuple[int, int]:
    """Write a message export (all received and closed in 2020) and return (closed, on time)."""
    on_time = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["收到时间", "办结时间", "是否公开答复"])
        for _ in range(rows):
            received = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
            taken = rng.randint(0, 2 * limit)
            closed = add_workdays(received, taken)
            writer.writerow([f"{received} 09:00:00", f"{closed} 17:00:00", rng.choice("是否")])
            on_time += taken <= limit
    return rows, on_time


def main() -> None:
    """Generate, time and check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    rng = random.Random(20201231)
    mapping = parse_mapping({"categories": {k: [v] for k, v in COLUMNS.items() if k != "other"}})
    with tempfile.TemporaryDirectory() as folder:
        cms_path, messages_path = Path(folder, "cms.csv"), Path(folder, "messages.csv")
        expected = cms_export(cms_path, args.rows, rng)
        closed, on_time = messages_export(messages_path, args.rows, rng, limit=5)

        started = time.perf_counter()
        figures = compute_cms(cms_path, mapping, 2020).figures
        cms_seconds = time.perf_counter() - started
        assert figures["info.total"] == sum(expected.values()), figures
        assert [figures[f"info.{k}"] for k in ("overview", "news", "catalogue")] == [
            expected[k] for k in ("overview", "news", "catalogue")
        ], figures

        started = time.perf_counter()
        figures = compute_messages(messages_path, 2020, MessageRules(workdays=5)).figures
        messages_seconds = time.perf_counter() - started
        assert figures["interaction.messages.closed"] == closed, figures
        assert figures["interaction.messages.on_time"] == on_time, figures

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for kind, seconds in (("CMS 导出", cms_seconds), ("留言导出", messages_seconds)):
        rate = args.rows / seconds
        print(f"{kind}：{args.rows} 行，{seconds:.2f} 秒，{rate:,.0f} 行/秒（结果与生成值一致）")
    print(f"峰值内存：{peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
