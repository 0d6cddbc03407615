"""Peers are compared on a log scale, in groups of the same 网站类型 and level with documented fallbacks."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.analysis.checks import INFO, WARNING, CheckConfig, outliers
from nianbao.forms.template import get_template

from .helpers import site

TEMPLATE = get_template("gx-2020")
CONFIG = CheckConfig(peer_items=("access.uv",))


def skewed_group(n: int = 30, seed: int = 1, start: int = 1, **kw) -> list:
    """Department sites whose visitors spread log-normally, as real ones do (a factor of ten either way)."""
    rng = random.Random(seed)
    return [site(start + i, access__uv=int(6000 * rng.lognormvariate(0, 1.0)), **kw) for i in range(n)]


def test_the_busy_and_the_quiet_sites_of_a_skewed_group_are_not_flagged():
    group = skewed_group()
    values = sorted(s.values["access.uv"].data for s in group)
    assert values[-1] / values[0] > 15  # the spread that made raw-value z-scores call every busy site odd
    assert [f for f in outliers(group, TEMPLATE, CONFIG) if f.severity != INFO] == []


def test_visitors_typed_in_wan_are_a_warning_that_explains_the_peers_in_real_units():
    typed_in_wan = site(99, access__uv=2)  # 2 万 written as 2
    flags = outliers([*skewed_group(), typed_in_wan], TEMPLATE, CONFIG)
    [flag] = [f for f in flags if f.report_id == 99]
    assert flag.severity == WARNING and flag.suspect == "access.uv"
    text = flag.message
    assert "明显偏低" in text and "部门网站·县级，31 个" in text and "通常在" in text and "中位数" in text
    assert "单位错误" in text
    assert "Z" not in text  # no statistics jargon in the supervisor's text


def test_a_tenfold_high_value_is_at_most_a_hint():
    group = skewed_group()
    busy = site(99, access__uv=60_000 * 10)
    flags = [f for f in outliers([*group, busy], TEMPLATE, CONFIG) if f.report_id == 99]
    assert all(f.severity == INFO for f in flags)


def test_a_portal_is_not_compared_with_department_sites():
    portals = [site(90 + n, site_type="政府门户网站", access__uv=400_000 + 10_000 * n) for n in range(8)]
    flags = outliers([*skewed_group(), *portals], TEMPLATE, CONFIG)
    assert [f for f in flags if f.report_id >= 90] == []


def test_against_all_sites_of_mixed_kinds_a_figure_is_at_most_a_hint():
    lone_portal = site(99, site_type="政府门户网站", access__uv=5_000_000)
    flags = [f for f in outliers([*skewed_group(), lone_portal], TEMPLATE, CONFIG) if f.report_id == 99]
    assert flags and all(f.severity == INFO for f in flags)
    assert "本地区全部网站" in flags[0].message


def test_a_small_group_falls_back_to_the_type_at_every_level_and_says_so():
    county = skewed_group(20, level=3)
    city = [site(50, level=2, access__uv=30_000), site(51, level=2, access__uv=1)]
    flags = [f for f in outliers([*county, *city], TEMPLATE, CONFIG) if f.report_id == 51]
    assert flags and "部门网站·各级，22 个" in flags[0].message


def test_a_group_smaller_than_the_minimum_is_not_judged_at_all():
    few = [site(1, access__uv=1000), site(2, access__uv=1100), site(3, access__uv=1)]
    assert outliers(few, TEMPLATE, CONFIG) == []


def test_zero_and_none_are_left_out_of_the_yardstick():
    group = [*skewed_group(10), site(50, access__uv=0), site(51, access__uv=None)]
    assert [f for f in outliers(group, TEMPLATE, CONFIG) if f.report_id in (50, 51)] == []


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), sigma=st.floats(0.3, 1.3), median=st.integers(500, 5_000_000))
def test_no_site_of_a_plain_log_normal_group_gets_a_warning(seed, sigma, median):
    rng = random.Random(seed)
    group = [site(i, access__uv=max(1, int(median * rng.lognormvariate(0, sigma)))) for i in range(1, 41)]
    assert [f for f in outliers(group, TEMPLATE, CONFIG) if f.severity != INFO] == []
