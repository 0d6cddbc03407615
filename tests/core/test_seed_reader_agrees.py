"""Two independent readings of the seed agree: the text reader's, and the one typed by eye in seed_values."""

from pathlib import Path

import pytest

from core.seed_values import SEED_VALUES
from nianbao.io.registry import read_path
from nianbao.report.coerce import parse_value
from nianbao.report.validate import validate

SEED = Path(__file__).parents[1] / "fixtures" / "seed-gx-2020.txt"


def test_the_reader_reads_what_the_eye_reads():
    report = read_path(SEED).report
    assert report is not None
    assert {key: report.get(key) for key in SEED_VALUES} == SEED_VALUES


def test_reading_and_validating_the_seed_gives_only_the_normalisation_warning():
    result = read_path(SEED)
    assert result.report is not None
    findings = [*result.findings, *validate(result.report)]
    # 巡检周期 is printed 每周; the form asks for N天/次 or N周/次, so it is read as 1周/次 with a warning.
    assert [(f.code, f.items) for f in findings] == [("W-NORMALISED", ("security.inspection.period",))]


@pytest.mark.parametrize(
    ("key", "text"),
    [("basic.site_type", "☑政府门户网站 ☑部门网站 □专项网站"), ("security.management.backup", "☑是 ☑否")],
)
def test_a_double_tick_is_reported_in_the_same_words_by_reading_and_by_validation(key, text):
    from core.builders import GX_2020, seed_with

    [read_finding] = parse_value(GX_2020.item(key), text).findings
    [validate_finding] = validate(seed_with({key: text}))
    assert read_finding == validate_finding
