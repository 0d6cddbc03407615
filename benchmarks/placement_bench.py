"""Measure reading: the seed's text layout (decoding, cells, placement), and the JSON and CSV forms.

    .venv/bin/python benchmarks/placement_bench.py [--rounds 200]

Prints the median and slowest time per report for each, in milliseconds. Placement is shared by every
layout reader, so its cost is part of every import.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from nianbao.io.csv import CsvReader, CsvWriter
from nianbao.io.json import dumps, read_report
from nianbao.io.text import TextReader, TextWriter, decode_text, text_cells

SEED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seed-gx-2020.txt"


def _time(action: Callable[[], object], rounds: int) -> tuple[float, float]:
    action()  # warm caches (templates, label index, OpenCC dictionaries)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    data = SEED.read_bytes()
    report = TextReader().read(data, name=SEED.name).report
    assert report is not None
    written = TextWriter().write(report)
    as_json = dumps(report).encode("utf-8")
    as_csv = CsvWriter().write(report)
    cases: dict[str, Callable[[], object]] = {
        "文本→单元格": lambda: text_cells(decode_text(data)),
        "读取种子文本（含归位）": lambda: TextReader().read(data, name=SEED.name),
        "读取写出的文本": lambda: TextReader().read(written, name="a.txt"),
        "写出文本": lambda: TextWriter().write(report),
        "读取 JSON": lambda: read_report(as_json),
        "读取 CSV": lambda: CsvReader().read(as_csv, name="a.csv"),
    }
    print(f"每份报表耗时（毫秒），{args.rounds} 次")
    print(f"{'操作':<16}{'中位数':>10}{'最慢':>10}")
    for name, action in cases.items():
        median, slowest = _time(action, args.rounds)
        print(f"{name:<16}{median:>10.2f}{slowest:>10.2f}")


if __name__ == "__main__":
    main()
