"""Last year against this year: every count item with size floors, decimal shifts, cumulative drops,
无 after a value, copies of last year, and mistakes that were last year's."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from nianbao.analysis.checks import INFO, WARNING, CheckConfig, PeerIndex, year_over_year
from nianbao.analysis.history import cumulative_drops, self_copies, turned_none
from nianbao.forms.template import get_template

from .helpers import site, values

TEMPLATE = get_template("gx-2020")
CONFIG = CheckConfig()


def test_a_jump_beyond_the_factor_is_a_warning_with_both_years_in_real_units():
    s = site(1, previous=values(access__uv=10_000, access__pv=40_000), access__uv=80_000, access__pv=42_000)
    [flag] = year_over_year(s, TEMPLATE, CONFIG)
    assert flag.severity == WARNING and flag.items == ("access.uv",)
    assert "10,000个" in flag.message and "80,000个" in flag.message and "8.0 倍" in flag.message


def test_a_thousandfold_drop_is_worded_as_a_thousandth_and_a_decimal_or_unit_mistake():
    s = site(1, previous=values(service__registered_users=52_000), service__registered_users=52)
    flags = year_over_year(s, TEMPLATE, CONFIG) + cumulative_drops(s, TEMPLATE, CONFIG)
    [flag] = flags
    assert "千分之一" in flag.message and "疑似小数点错位或单位错误" in flag.message
    assert "0.00 倍" not in flag.message


def test_a_tenfold_shift_in_an_item_no_key_figure_covers_is_found():
    s = site(
        1, previous=values(interaction__survey__participants=1_800), interaction__survey__participants=18_300
    )
    [flag] = year_over_year(s, TEMPLATE, CONFIG)
    assert flag.severity == WARNING and flag.check == "decimal_shift" and "约 10 倍" in flag.message


def test_a_small_site_going_from_381_to_252_visits_is_not_flagged():
    before = values(access__pv=381, access__uv=120, info__total=40)
    s = site(1, previous=before, access__pv=252, access__uv=90, info__total=65)
    assert year_over_year(s, TEMPLATE, CONFIG) == []


def test_a_surge_shared_by_visits_and_visitors_is_only_a_hint():
    before = values(access__uv=50_000, access__pv=300_000)
    s = site(1, previous=before, access__uv=260_000, access__pv=1_500_000)  # ×5.2 and ×5: an epidemic year
    flags = year_over_year(s, TEMPLATE, CONFIG)
    assert flags and all(f.severity == INFO for f in flags)
    assert "可能是真实变化" in flags[0].message


def test_a_jump_in_a_sub_count_within_the_minor_factor_is_only_a_hint():
    s = site(1, previous=values(service__cases__legal=1_300), service__cases__legal=7_300)
    assert [f.severity for f in year_over_year(s, TEMPLATE, CONFIG)] == [INFO]


def test_when_last_years_figure_was_the_wrong_one_the_flag_says_so_and_is_a_hint():
    rng = random.Random(3)
    peers = [site(n, info__total=int(800 * rng.lognormvariate(0, 0.6))) for n in range(2, 30)]
    right_now = site(1, previous=values(info__total=90_000), info__total=900)  # last year ×100
    index = PeerIndex([right_now, *peers], TEMPLATE, CheckConfig(peer_items=("info.total",)))
    [flag] = year_over_year(right_now, TEMPLATE, CONFIG, index)
    assert flag.on_previous and flag.severity == INFO
    assert "上年报表" in flag.message


@given(now=st.integers(0, 999), before=st.integers(0, 999))
def test_figures_under_the_size_floor_never_fire(now, before):
    s = site(1, previous=values(info__total=before, access__pv=before), info__total=now, access__pv=now)
    assert year_over_year(s, TEMPLATE, CONFIG) == []


@given(base=st.integers(1000, 10**9), factor=st.floats(0.21, 4.9))
def test_changes_within_the_factor_never_fire(base, factor):
    s = site(1, previous=values(access__uv=base), access__uv=max(1, round(base * factor)))
    assert year_over_year(s, TEMPLATE, CONFIG) == []


def test_a_cumulative_figure_falling_by_ninety_percent_is_flagged_but_a_cleanup_of_thirty_is_not():
    fell = site(1, previous=values(media__wechat__followers=27_000), media__wechat__followers=2_400)
    [flag] = cumulative_drops(fell, TEMPLATE, CONFIG)
    assert flag.severity == WARNING and "累计数" in flag.message
    cleaned = site(2, previous=values(media__wechat__followers=27_000), media__wechat__followers=19_000)
    assert cumulative_drops(cleaned, TEMPLATE, CONFIG) == []


def test_a_key_figure_turned_none_after_a_year_with_values_is_a_warning():
    s = site(1, previous=values(access__uv=4_700), access__uv=None)
    [flag] = turned_none(s, TEMPLATE, CONFIG)
    assert flag.severity == WARNING and "4,700" in flag.message and "无" in flag.message


def test_messages_turned_none_on_the_unified_platform_is_still_a_warning():
    before = values(interaction__messages__received=35)
    s = site(1, previous=before, interaction__messages__received=None, interaction__unified_platform=True)
    [flag] = turned_none(s, TEMPLATE, CONFIG)
    assert flag.severity == WARNING


def test_a_closed_account_turned_none_is_only_a_hint():
    before = values(media__weibo__followers=3_000, media__weibo__name="示例微博")
    s = site(1, previous=before, media__weibo__followers=None, media__weibo__name=None)
    assert [f.severity for f in turned_none(s, TEMPLATE, CONFIG)] == [INFO]


FIGURES = dict(
    access__uv=52_310, access__pv=288_020, info__total=1_234, info__news=600, info__overview=61,
    info__catalogue=300, service__registered_users=4_410, media__wechat__followers=9_876,
    media__wechat__posts=456, interaction__messages__received=87,
)  # fmt: skip


def test_last_years_report_filed_again_is_a_copy_of_last_year():
    s = site(1, previous=values(**FIGURES), **FIGURES)
    [flag] = self_copies(s, TEMPLATE, CONFIG)
    assert flag.check == "self_copy" and "100%" in flag.message and flag.wide


def test_small_counts_staying_the_same_is_not_a_copy():
    stable = dict(columns__maintained=8, security__assessments=4, interaction__survey__periods=6)
    grown = {k: v * 2 for k, v in FIGURES.items()}
    s = site(1, previous=values(**FIGURES, **stable), **grown, **stable)
    assert self_copies(s, TEMPLATE, CONFIG) == []


def test_any_sizeable_count_turned_none_is_flagged_and_a_small_one_is_a_hint():
    big = site(1, previous=values(service__registered_users=5_400), service__registered_users=None)
    assert [f.severity for f in turned_none(big, TEMPLATE, CONFIG)] == [WARNING]
    small = site(2, previous=values(interaction__survey__opinions=140), interaction__survey__opinions=None)
    assert [f.severity for f in turned_none(small, TEMPLATE, CONFIG)] == [INFO]
    tiny = site(3, previous=values(interaction__survey__opinions=12), interaction__survey__opinions=None)
    assert turned_none(tiny, TEMPLATE, CONFIG) == []
