"""Jumps from last year beyond a factor, and figures moving against each other."""

from __future__ import annotations

from nianbao.analysis.checks import CheckConfig, year_over_year
from nianbao.forms.template import get_template

from .helpers import site, values

TEMPLATE = get_template("gx-2020")


def test_a_jump_beyond_the_factor_is_flagged_with_both_years():
    s = site(1, previous=values(access__uv=10_000), access__uv=80_000)
    flags = year_over_year(s, TEMPLATE, CheckConfig())
    assert len(flags) == 1
    assert "10,000" in flags[0].message and "80,000" in flags[0].message and "8.00 倍" in flags[0].message


def test_a_change_within_the_factor_passes():
    s = site(1, previous=values(access__uv=10_000), access__uv=30_000)
    assert year_over_year(s, TEMPLATE, CheckConfig()) == []
    assert len(year_over_year(s, TEMPLATE, CheckConfig(yoy_factor=2))) == 1


def test_a_drop_is_judged_like_a_jump():
    s = site(1, previous=values(info__total=5000), info__total=400)
    assert [f.items for f in year_over_year(s, TEMPLATE, CheckConfig())] == [("info.total",)]


def test_small_figures_are_not_judged():
    s = site(1, previous=values(info__total=3), info__total=60)
    assert year_over_year(s, TEMPLATE, CheckConfig()) == []


def test_followers_falling_while_posts_rise_is_flagged():
    before = values(media__wechat__followers=20_000, media__wechat__posts=300)
    s = site(1, previous=before, media__wechat__followers=12_000, media__wechat__posts=500)
    flags = year_over_year(s, TEMPLATE, CheckConfig())
    assert [f.items for f in flags] == [("media.wechat.followers", "media.wechat.posts")]
    assert "下降 40%" in flags[0].message


def test_a_site_without_last_years_report_is_not_judged():
    assert year_over_year(site(1, access__uv=80_000), TEMPLATE, CheckConfig()) == []
