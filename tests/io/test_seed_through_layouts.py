"""The seed, read from its text, comes back unchanged through the HTML and PDF layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.io.registry import get_reader, get_writer, read_path
from nianbao.report.report import Report
from tests.core.seed_values import SEED_VALUES

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-gx-2020.txt"


@pytest.fixture(scope="module")
def seed() -> Report:
    report = read_path(SEED).report
    assert report is not None
    # The text reader is checked elsewhere; here it must give the values read from the seed by eye.
    assert report == Report(report.template, dict(SEED_VALUES))
    return report


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("appendix", [False, True])
def test_the_seed_comes_back_unchanged(seed, fmt, appendix):
    data = get_writer(fmt).write(seed, appendix=appendix)
    result = get_reader(fmt).read(data, name=f"seed.{fmt}")
    assert result.findings == []
    assert result.report == seed
