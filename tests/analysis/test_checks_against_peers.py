"""Outliers are judged against peers of the same 网站类型 and administrative level only."""

from __future__ import annotations

from nianbao.analysis.checks import CheckConfig, outliers
from nianbao.forms.template import get_template

from .helpers import site

TEMPLATE = get_template("gx-2020")
CONFIG = CheckConfig(outlier_items=("access.uv",))


def test_a_department_site_claiming_ten_times_its_peers_uv_is_flagged():
    peers = [site(n, access__uv=1000 + 50 * n) for n in range(1, 8)]
    claimant = site(9, access__uv=10_000)
    flags = outliers([*peers, claimant], TEMPLATE, CONFIG)
    assert [f.report_id for f in flags] == [9]
    assert flags[0].items == ("access.uv",)
    assert "明显偏高" in flags[0].message and "部门网站·县级" in flags[0].message


def test_a_portal_is_not_compared_with_department_sites():
    peers = [site(n, access__uv=1000 + 50 * n) for n in range(1, 8)]
    portal = site(9, site_type="政府门户网站", access__uv=10_000)
    assert outliers([*peers, portal], TEMPLATE, CONFIG) == []


def test_a_group_smaller_than_the_minimum_is_not_judged():
    few = [site(1, access__uv=1000), site(2, access__uv=1100), site(3, access__uv=50_000)]
    assert outliers(few, TEMPLATE, CONFIG) == []


def test_the_threshold_is_configurable():
    group = [site(n, access__uv=1000 + 100 * n) for n in range(1, 8)] + [
        site(9, access__uv=2300)
    ]  # robust z 2.87
    assert outliers(group, TEMPLATE, CONFIG) == []
    strict = CheckConfig(outlier_items=("access.uv",), outlier_threshold=2.0)
    assert [f.report_id for f in outliers(group, TEMPLATE, strict)] == [9]


def test_values_of_none_and_blanks_are_left_out_of_the_peer_group():
    group = [site(n, access__uv=1000) for n in range(1, 4)] + [site(n, access__uv=None) for n in range(4, 9)]
    assert outliers(group, TEMPLATE, CONFIG) == []
