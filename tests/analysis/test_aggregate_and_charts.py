"""Summaries of an item over groups, and the SVG charts that show them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from nianbao.analysis.aggregate import group_summaries, summarise
from nianbao.analysis.svg import bar_chart, line_chart
from nianbao.report.values import NONE, Value

SVG = "{http://www.w3.org/2000/svg}"


def test_a_summary_counts_values_none_and_blanks_apart():
    s = summarise([Value.of(10), NONE, None, Value.of(30), Value.of(20), Value.of("不详")])
    assert (s.reports, s.filled, s.none, s.blank, s.total, s.median) == (6, 3, 1, 2, 60, 20)


def test_groups_keep_their_first_seen_order():
    groups = group_summaries([("乙", Value.of(1)), ("甲", Value.of(2)), ("乙", Value.of(3))])
    assert list(groups) == ["乙", "甲"] and groups["乙"].total == 4


@given(st.lists(st.integers(0, 10**9), max_size=40))
def test_the_total_is_the_sum_of_the_numbers(numbers):
    assert summarise(Value.of(n) for n in numbers).total == sum(numbers)


def test_a_bar_chart_has_one_bar_per_value_and_escapes_labels():
    svg = bar_chart("访问量<合计>", ["甲市", "<script>", "丙市"], [10, 20, None])
    root = ET.fromstring(svg)
    assert len(root.findall(f"{SVG}rect")) == 2
    assert root.find(f"{SVG}title").text == "访问量<合计>"
    assert "<script>" not in svg


def test_a_line_chart_draws_one_line_per_series_with_a_legend():
    svg = line_chart("历年", ["2019", "2020", "2021"], {"合计": [1, 2, 3], "部门网站": [1, None, 2]})
    root = ET.fromstring(svg)
    assert len(root.findall(f"{SVG}polyline")) == 2
    assert {t.text for t in root.findall(f"{SVG}text")} >= {"合计", "部门网站", "2019", "2021"}
