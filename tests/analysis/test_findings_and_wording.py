"""The validator's findings for a supervisor (no codes in the text, nothing due at publication before it)
and the wording of numbers and ratios."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.analysis.checks import ERROR, INFO
from nianbao.analysis.findings import finding_flags
from nianbao.analysis.wording import change, fmt, power_of_ten, share
from nianbao.forms.template import get_template
from nianbao.report import Report
from nianbao.report.validate import validate

from .helpers import site

TEMPLATE = get_template("gx-2020")


def _flags(state: str):
    s = site(1, state=state)
    return finding_flags(s, validate(Report(TEMPLATE, dict(s.values))), TEMPLATE)


def test_publication_items_are_not_missing_before_publication():
    for state in ("draft", "submitted", "approved"):
        text = " ".join(f.message for f in _flags(state))
        assert "公开时间" not in text and "公开网址" not in text


def test_publication_items_are_missing_on_a_published_report():
    items = {i for f in _flags("published") for i in f.items}
    assert {"basic.publish_date", "basic.publish_url"} <= items


def test_missing_items_are_one_hint_on_a_draft_and_one_error_once_submitted():
    [draft] = [f for f in _flags("draft") if f.code == "E-REQUIRED"]
    [submitted] = [f for f in _flags("submitted") if f.code == "E-REQUIRED"]
    assert (draft.severity, submitted.severity) == (INFO, ERROR)
    assert "E-REQUIRED" not in draft.message


def test_no_code_is_in_any_findings_text():
    assert all("E-" not in f.message and "R-" not in f.message for f in _flags("published"))


@pytest.mark.parametrize(
    ("before", "now", "words"),
    [(52_000, 52, "下降至约千分之一"), (10_000, 1_000, "下降至约十分之一"), (100, 65, "下降 35%"),
     (1_000, 2_400, "增至上年的 2.4 倍"), (3, 3_000, "增至上年的约 1,000 倍")],
)  # fmt: skip
def test_changes_are_worded_plainly(before, now, words):
    assert change(before, now) == words


def test_figures_are_written_with_separators_and_huge_ones_do_not_crash():
    assert fmt(1234567) == "1,234,567" and fmt(3.50) == "3.5" and fmt(1e300) == "超过千万亿"


@given(k=st.integers(1, 4), wobble=st.floats(0.9, 1.1), up=st.booleans())
def test_ratios_close_to_a_power_of_ten_are_recognised(k, wobble, up):
    ratio = (10**k) * wobble
    assert power_of_ten(ratio if up else 1 / ratio, 0.12) == k


@given(ratio=st.floats(1.5, 7.0))
def test_ordinary_changes_are_not_decimal_shifts(ratio):
    assert power_of_ten(ratio, 0.12) == 0 and power_of_ten(1 / ratio, 0.12) == 0


@given(r=st.floats(0.0001, 0.999))
def test_a_fall_is_never_worded_as_zero_times(r):
    assert "0.00" not in share(r) and share(r).startswith("下降")
