"""Reading accuracy over a collection of published-report documents: the share of values read correctly.

    python benchmarks/reading_bench.py [DIR]        (default tests/fixtures/published/docs)

Each document of DIR/manifest.toml prints one fictional site of tests/fixtures/published/sites.toml, whose
values were written by hand. Every item of the template counts for every document (79 per document):
a value read differently, left blank or not read at all is a miss. Documents are read through the same
entry point as `nianbao validate` (nianbao.io.registry.read_path), with the default conversion of
traditional characters. The misses are listed, so a drop can be traced to its document and item.
"""

from __future__ import annotations

import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.forms.template import get_template
from nianbao.io.base import ReadError
from nianbao.io.registry import read_path
from nianbao.report.coerce import format_value, parse_value
from nianbao.report.values import BLANK

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "published"
TARGET = 0.99


@dataclass
class Score:
    correct: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # documents not read at all (ReadError)
    per_document: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.correct / self.total if self.total else 0.0


def score(docs: Path = FIXTURES / "docs", sites_file: Path = FIXTURES / "sites.toml") -> Score:
    """Read every document of the collection and compare each item with the site's expected value."""
    sites = tomllib.loads(sites_file.read_text(encoding="utf-8"))["sites"]
    manifest = tomllib.loads((docs / "manifest.toml").read_text(encoding="utf-8"))
    template = get_template("gx-2020")
    result = Score()
    for name, site in sorted(manifest.items()):
        expected = sites[site]
        try:
            report = read_path(docs / name).report
        except ReadError as exc:
            report = None
            result.refused.append(f"{name}: {exc}")
        good = 0
        for item in template.items:
            text = expected.get(item.key, "")
            want = parse_value(item, text).value if text else BLANK
            got = report.get(item.key) if report is not None else None
            if got == want:
                good += 1
            elif report is not None:
                shown = format_value(item, got) if got is not None else "（未读出）"
                result.misses.append(f"{name}: {item.key} 应为“{text}”，读出“{shown}”")
        result.correct += good
        result.total += len(template.items)
        result.per_document[name] = (good, len(template.items))
    return result


def main() -> None:
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURES / "docs"
    started, cpu = time.perf_counter(), time.process_time()
    result = score(docs)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    for name, (good, total) in result.per_document.items():
        print(f"{name:40s} {good:3d}/{total}")
    for miss in result.misses:
        print("  miss:", miss)
    for refused in result.refused:
        print("  refused:", refused)
    print(
        f"documents: {len(result.per_document)}  values: {result.total}  correct: {result.correct}  "
        f"share: {result.share:.2%}  (target {TARGET:.0%})  time: {wall:.1f} s wall, {cpu:.1f} s CPU"
    )


if __name__ == "__main__":
    main()
