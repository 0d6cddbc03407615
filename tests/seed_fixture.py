"""The seed report (tests/fixtures/seed-gx-2020.txt): its path, its bytes and the report read from it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from nianbao.io.text import TextReader
from nianbao.report import Report

SEED_PATH = Path(__file__).parent / "fixtures" / "seed-gx-2020.txt"


def seed_bytes() -> bytes:
    """Return the seed file as stored (UTF-8, LF line endings)."""
    return SEED_PATH.read_bytes()


@cache
def _seed_report() -> Report:
    result = TextReader().read(seed_bytes(), name=SEED_PATH.name)
    assert result.report is not None
    return result.report


def seed_report() -> Report:
    """Return a fresh copy of the report read from the seed."""
    report = _seed_report()
    return Report(report.template, dict(report.values))
