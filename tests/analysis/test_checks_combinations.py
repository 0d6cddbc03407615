"""Impossible or suspicious combinations, copied figures and 标识码 that do not match the registry."""

from __future__ import annotations

from nianbao.analysis.checks import (
    CheckConfig,
    Flag,
    SiteFigures,
    combinations,
    copies,
    registry_mismatch,
    run_checks,
)
from nianbao.forms.template import get_template

from .helpers import site, values

TEMPLATE = get_template("gx-2020")
FULL = dict(
    access__uv=1200, access__pv=5000, info__total=300, info__overview=20, info__news=200, info__catalogue=80
)


def test_fewer_page_views_than_visitors_is_an_error():
    flags = combinations(site(1, access__uv=5000, access__pv=4000), TEMPLATE, CheckConfig())
    assert [(f.items, f.severity) for f in flags] == [(("access.pv", "access.uv"), "error")]


def test_too_many_page_views_per_visitor_is_a_warning_with_the_ratio():
    flags = combinations(site(1, access__uv=100, access__pv=50_000), TEMPLATE, CheckConfig())
    assert flags[0].severity == "warning" and "500.0 次" in flags[0].message
    assert (
        combinations(site(1, access__uv=100, access__pv=50_000), TEMPLATE, CheckConfig(pv_per_uv_max=1000))
        == []
    )


def test_a_full_on_time_rate_without_closed_messages_is_an_error():
    s = site(1, interaction__messages__on_time_rate=100.0, interaction__messages__closed=0)
    assert [f.severity for f in combinations(s, TEMPLATE, CheckConfig())] == ["error"]


def test_identical_counts_on_two_sites_flag_both_naming_the_other():
    flags = copies(
        [site(1, **FULL), site(2, **FULL), site(3, **(FULL | {"info__news": 201}))], TEMPLATE, CheckConfig()
    )
    assert sorted(f.report_id for f in flags) == [1, 2]
    assert "示例网站2" in next(f for f in flags if f.report_id == 1).message


def test_mostly_zero_reports_are_not_called_copies():
    zeros = dict(access__uv=0, access__pv=0, info__total=5, info__news=5)
    assert copies([site(1, **zeros), site(2, **zeros)], TEMPLATE, CheckConfig()) == []


def test_a_site_code_other_than_the_registrys_is_flagged():
    s = SiteFigures(1, "4501020001", "示例网站", "部门网站", 3, values(basic__site_code="4501020009"))
    flags = registry_mismatch(s, TEMPLATE)
    assert (
        flags[0].severity == "error" and "4501020009" in flags[0].message and "4501020001" in flags[0].message
    )
    assert registry_mismatch(site(1), TEMPLATE) == []


def test_run_checks_gives_each_flag_a_stable_key():
    flags = run_checks([site(1, access__uv=5000, access__pv=4000)], TEMPLATE)
    assert [f.key for f in flags] == ["combo:access.pv,access.uv"]


def test_a_copy_flag_naming_every_count_still_has_a_short_stable_key():
    flags = copies([site(1, **FULL), site(2, **FULL)], TEMPLATE, CheckConfig())
    assert len(flags[0].items) == 6
    many = Flag(1, "copy", tuple(f"item.number{n}" for n in range(40)), "x")
    assert len(many.key) < 60 and many.key == Flag(1, "copy", many.items, "y").key
    assert many.key != Flag(1, "copy", many.items[1:], "x").key
