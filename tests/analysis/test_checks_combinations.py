"""Impossible or suspicious combinations, copies between sites, round figures, 标识码 against the registry."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.analysis.checks import (
    ERROR,
    INFO,
    WARNING,
    CheckConfig,
    Flag,
    SiteFigures,
    combinations,
    copies,
    registry_mismatch,
    review,
    run_checks,
)
from nianbao.analysis.consistency import round_numbers
from nianbao.analysis.copies import shared_traffic
from nianbao.forms.template import get_template

from .helpers import site, values

TEMPLATE = get_template("gx-2020")
CONFIG = CheckConfig()
FULL = dict(
    access__uv=1234, access__pv=5012, info__total=311, info__overview=21, info__news=203, info__catalogue=87,
    media__wechat__posts=155, media__wechat__followers=4_321,
)  # fmt: skip


def test_more_visitors_than_visits_is_an_error_suggesting_a_swap():
    [flag] = combinations(site(1, access__uv=5000, access__pv=4000), TEMPLATE, CONFIG)
    assert flag.severity == ERROR and "填反" in flag.message


def test_visitors_equal_to_visits_is_a_warning_but_not_for_a_handful():
    [flag] = combinations(site(1, access__uv=8_000, access__pv=8_000), TEMPLATE, CONFIG)
    assert flag.check == "uv_pv_equal" and flag.severity == WARNING
    assert combinations(site(2, access__uv=12, access__pv=12), TEMPLATE, CONFIG) == []


def test_too_many_visits_per_visitor_is_a_warning_with_the_ratio():
    flags = combinations(site(1, access__uv=100, access__pv=50_000), TEMPLATE, CONFIG)
    assert flags[0].severity == WARNING and "500 次" in flags[0].message
    assert (
        combinations(site(1, access__uv=100, access__pv=50_000), TEMPLATE, CheckConfig(pv_per_uv_max=1000))
        == []
    )


def test_a_full_on_time_rate_without_closed_messages_is_an_error():
    s = site(1, interaction__messages__on_time_rate=100.0, interaction__messages__closed=0)
    assert [f.severity for f in combinations(s, TEMPLATE, CONFIG)] == [ERROR]


def test_an_average_handling_time_over_a_year_is_flagged_and_a_month_is_not():
    [flag] = combinations(site(1, interaction__messages__avg_days=420.0), TEMPLATE, CONFIG)
    assert flag.check == "impossible_average" and "420 天" in flag.message
    assert combinations(site(2, interaction__messages__avg_days=31.5), TEMPLATE, CONFIG) == []


def test_round_key_figures_look_estimated_but_one_round_figure_does_not():
    estimated = site(
        1, access__uv=35_000, access__pv=120_000, info__total=1_200, media__wechat__followers=8_123
    )
    [flag] = round_numbers(estimated, TEMPLATE, CONFIG)
    assert flag.kind == "round" and "35,000" in flag.message
    counted = site(
        2, access__uv=35_000, access__pv=120_417, info__total=1_234, media__wechat__followers=8_123
    )
    assert round_numbers(counted, TEMPLATE, CONFIG) == []


def test_a_near_copy_of_another_site_with_one_value_changed_is_found_with_its_share():
    other = site(2, **FULL)
    copied = site(1, **(FULL | {"info__news": 204}))
    flags = copies([copied, other, site(3, **{k: v * 3 for k, v in FULL.items()})], TEMPLATE, CONFIG)
    assert sorted(f.report_id for f in flags) == [1, 2]
    mine = next(f for f in flags if f.report_id == 1)
    assert "示例网站2" in mine.message and "7 项" in mine.message and "88%" in mine.message


def test_of_two_same_reports_the_one_following_its_own_last_year_is_only_a_hint():
    original = site(2, previous=values(**{k: int(v * 0.9) for k, v in FULL.items()}), **FULL)
    copier = site(1, previous=values(**{k: v * 7 for k, v in FULL.items()}), **FULL)
    flags = {f.report_id: f for f in copies([copier, original], TEMPLATE, CONFIG)}
    assert flags[1].severity == WARNING and flags[2].severity == INFO
    assert "对方更可能是照抄的一方" in flags[2].message


def test_small_and_zero_counts_shared_by_chance_are_not_called_copies():
    small = dict(access__uv=0, access__pv=0, info__total=5, info__news=5, columns__maintained=8)
    assert copies([site(1, **small), site(2, **small)], TEMPLATE, CONFIG) == []


def test_traffic_equal_to_another_sites_is_flagged():
    flags = shared_traffic([site(1, access__uv=13_687, access__pv=23_872),
                            site(2, access__uv=13_687, access__pv=23_872),
                            site(3, access__uv=13_687, access__pv=23_873)], CONFIG)  # fmt: skip
    assert sorted(f.report_id for f in flags) == [1, 2]


def test_a_site_code_other_than_the_registrys_is_flagged():
    s = SiteFigures(
        1, "4501020001", "示例网站", "部门网站", 3, values(basic__site_code="4501020009"), state="submitted"
    )
    [flag] = registry_mismatch(s, TEMPLATE)
    assert flag.severity == ERROR and "4501020009" in flag.message and "4501020001" in flag.message
    assert registry_mismatch(site(1), TEMPLATE) == []


def test_run_checks_gives_each_flag_a_stable_key():
    flags = run_checks([site(1, access__uv=5000, access__pv=4000)], TEMPLATE)
    assert [f.key for f in flags] == ["combo:access.uv,access.pv"]


def test_a_copy_flag_naming_every_count_still_has_a_short_stable_key():
    many = Flag(1, "copy", tuple(f"item.number{n}" for n in range(40)), "x")
    assert len(many.key) < 60 and many.key == Flag(1, "copy", many.items, "y").key
    assert many.key != Flag(1, "copy", many.items[1:], "x").key


def test_a_stored_count_of_309_digits_does_not_crash_the_checks():
    huge = 10**308
    flags = run_checks([site(1, previous=values(access__uv=5), access__uv=huge, access__pv=huge)], TEMPLATE)
    assert all(isinstance(f.message, str) for f in flags)


HUGE = st.one_of(st.integers(0, 10**400), st.none())


@settings(max_examples=60, deadline=None)
@given(now=st.lists(HUGE, min_size=12, max_size=12), before=st.lists(HUGE, min_size=12, max_size=12))
def test_no_stored_size_makes_the_review_fail(now, before):
    keys = ("access__uv", "access__pv", "info__total", "service__registered_users")
    sites = [
        site(n, previous=values(**dict(zip(keys, before[n * 4 : n * 4 + 4], strict=True))),
             **dict(zip(keys, now[n * 4 : n * 4 + 4], strict=True)))
        for n in range(3)
    ]  # fmt: skip
    for rank_ in review(sites, TEMPLATE):
        assert all(isinstance(m, str) and m for p in rank_.problems for m in p.messages)
