"""Measure the official layouts: time to write one report in each format, and to import 600 published ones.

Targets (issue 3): HTML < 5 ms, DOCX and XLSX < 50 ms, PDF < 500 ms per report; importing 600 published
reports of mixed formats < 30 s on a 2-core machine. Every registered writer is measured, so a format
added to nianbao.io.registry is measured without touching this script.

    .venv/bin/python benchmarks/layouts_bench.py [--reports 600] [--workers 2]

The 600 files are written into benchmarks/out/ (not kept in git) and read back with a process pool.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

from nianbao.forms.template import Item, ItemType, get_template
from nianbao.io.registry import READERS, get_writer, read_path, writer_formats
from nianbao.report.report import Report
from nianbao.report.values import NONE, MultiChoice, Value

TARGETS_MS = {"html": 5.0, "docx": 50.0, "xlsx": 50.0, "pdf": 500.0}
IMPORT_TARGET_S = 30.0
# The layouts a unit publishes its report in; the import mixes them evenly.
PUBLISHED = ("html", "docx", "xlsx", "pdf")
OUT = Path(__file__).resolve().parent / "out"


def _value(item: Item, rng: random.Random, n: int) -> Value | None:
    """Return a plausible value for an item: mostly filled, sometimes 无, sometimes left blank."""
    roll = rng.random()
    if roll < 0.08:
        return None
    if roll < 0.25:
        return NONE
    kind = item.type
    if kind is ItemType.COUNT:
        return Value.of(rng.randrange(0, 200_000))
    if kind in (ItemType.DECIMAL, ItemType.PERCENTAGE):
        return Value.of(Decimal(rng.randrange(0, 10_000)) / 100)
    if kind is ItemType.DATE:
        return Value.of(dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(0, 30)))
    if kind is ItemType.CHOICE:
        return Value.of(rng.choice(item.options))
    if kind is ItemType.YESNO:
        return Value.of(rng.random() < 0.5)
    if kind is ItemType.MULTICHOICE:
        picked = tuple(o for o in item.options if rng.random() < 0.5)
        return Value.of(MultiChoice(picked or item.options[:1], None))
    if item.example:
        return Value.of(item.example)
    return Value.of(f"示例单位{n}号{item.label}")


def make_reports(count: int, seed: int = 2020) -> list[Report]:
    """Return `count` different reports of the gx-2020 form, the same on every run."""
    template = get_template("gx-2020")
    rng = random.Random(seed)
    reports = []
    for n in range(count):
        values = {}
        for item in template.items:
            value = _value(item, rng, n)
            if value is not None:
                values[item.key] = value
        values["header.year"] = Value.of("2020")
        reports.append(Report(template, values))
    return reports


def bench_writers(reports: list[Report]) -> list[tuple[str, float, float, float | None]]:
    """Return (format, median ms, slowest ms, target ms) of writing one report, for every writer."""
    rows = []
    for fmt in writer_formats():
        writer = get_writer(fmt)
        writer.write(reports[0])  # the first write loads fonts and templates once per process
        times = []
        budget = time.perf_counter() + 5.0
        for report in reports:
            start = time.process_time()
            writer.write(report)
            times.append((time.process_time() - start) * 1000)
            if time.perf_counter() > budget and len(times) >= 10:
                break
        rows.append((fmt, statistics.median(times), max(times), TARGETS_MS.get(fmt)))
    return rows


def _import_one(path: str) -> tuple[str, bool, str]:
    try:
        result = read_path(path)
    except Exception as exc:  # a benchmark reports every failure and goes on
        return path, False, f"{type(exc).__name__}: {exc}"
    return path, result.report is not None, ""


def write_published(reports: list[Report], formats: tuple[str, ...], out: Path) -> list[Path]:
    """Write the reports into `out`, cycling through the published formats."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    paths = []
    for n, report in enumerate(reports):
        writer = get_writer(formats[n % len(formats)])
        path = out / f"report-{n:04d}{writer.suffix}"
        path.write_bytes(writer.write(report))
        paths.append(path)
    return paths


def bench_readers(paths: list[Path]) -> list[tuple[str, float]]:
    """Return (suffix, median ms) of reading one published file of each format, in this process."""
    rows = []
    for suffix in sorted({p.suffix for p in paths}):
        sample = [p for p in paths if p.suffix == suffix][:21]
        read_path(sample[0])  # the first read loads the format's libraries
        times = []
        for path in sample[1:]:
            start = time.process_time()
            read_path(path)
            times.append((time.process_time() - start) * 1000)
        rows.append((suffix, statistics.median(times)))
    return rows


def bench_import(paths: list[Path], workers: int) -> tuple[float, float, int, list[str]]:
    """Return the wall time and the workers' CPU time of importing every file, how many read, failures."""
    cpu_before = _children_cpu()
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_import_one, [str(p) for p in paths], chunksize=8))
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before
    failures = [f"{Path(p).name}: {why}" for p, ok, why in results if not ok]
    return elapsed, cpu, sum(1 for _, ok, _ in results if ok), failures


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=600)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the published reports")
    args = parser.parse_args()

    reports = make_reports(max(args.reports, 50))
    # Other work on the machine slows every figure; the load average says how much to trust them.
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    # Per-report times are CPU times of this process, which other work on the machine does not inflate.
    print(f"CPU 核数 {os.cpu_count()}，系统负载 {load}；每份报表的写出时间（CPU 毫秒）")
    print(f"{'格式':<6}{'中位数':>10}{'最慢':>10}{'目标':>10}  结论")
    slow = False
    for fmt, median, worst, target in bench_writers(reports):
        verdict = "—" if target is None else ("达标" if median < target else "未达标")
        slow |= verdict == "未达标"
        shown = f"{target:.0f}" if target is not None else "—"
        print(f"{fmt:<6}{median:>10.2f}{worst:>10.2f}{shown:>10}  {verdict}")

    formats = tuple(f for f in PUBLISHED if f in writer_formats() and f in READERS)
    print(f"\n生成 {args.reports} 份已发布报表（{'、'.join(formats)} 轮流）到 {args.out} …")
    paths = write_published(reports[: args.reports], formats, args.out)
    print("读取一份已发布报表的时间（CPU 毫秒，中位数）：", end="")
    print("，".join(f"{suffix} {median:.1f}" for suffix, median in bench_readers(paths)))
    elapsed, cpu, ok, failures = bench_import(paths, args.workers)
    verdict = "达标" if elapsed < IMPORT_TARGET_S and not failures else "未达标"
    print(
        f"导入 {len(paths)} 份（{args.workers} 个进程）：{elapsed:.1f} 秒，"
        f"成功 {ok} 份，目标 < {IMPORT_TARGET_S:.0f} 秒：{verdict}"
    )
    # On a busy machine the wall time counts other people's work; the CPU time the workers used does not.
    print(f"  工作进程共用 CPU {cpu:.1f} 秒：在空闲的 {args.workers} 核机器上约 {cpu / args.workers:.1f} 秒")
    for failure in failures[:10]:
        print(f"  失败：{failure}")
    return 1 if slow or verdict == "未达标" else 0


if __name__ == "__main__":
    sys.exit(main())
