"""One problem, one row: flags sharing an item merge, point at the probably-wrong item; reports ranked."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from nianbao.analysis.checks import ERROR, INFO, WARNING, CheckConfig, Flag, merge, rank, review
from nianbao.forms.template import get_template

from .helpers import site, values

TEMPLATE = get_template("gx-2020")


def _department_peers(n: int = 30) -> list:
    rng = random.Random(5)
    sites = []
    for pk in range(100, 100 + n):
        uv = int(6000 * rng.lognormvariate(0, 0.8))
        sites.append(site(pk, access__uv=uv, access__pv=uv * rng.randint(3, 8)))
    return sites


def test_visitors_typed_in_wan_is_one_problem_pointing_at_uv_with_every_reason():
    before = values(access__uv=5_600, access__pv=31_000)
    typed = site(1, previous=before, access__uv=1, access__pv=33_000)  # 0.6 万 written as 1
    ranks = review([typed, *_department_peers()], TEMPLATE)
    mine = next(r for r in ranks if r.report_id == 1)
    [problem] = mine.problems
    assert problem.item == "access.uv"
    checks = {f.check for f in problem.flags}
    assert {"peer", "pv_per_uv"} <= checks and len(problem.messages) >= 3
    assert problem.severity == WARNING


def test_the_validators_finding_and_the_check_on_the_same_pair_are_one_row():
    finding = Flag(1, "finding", ("access.uv", "access.pv"), "独立用户访问总量大于网站总访问量。", ERROR,
                   check="finding", code="R-ACCESS-UV-LE-PV")  # fmt: skip
    combo = Flag(1, "combo", ("access.uv", "access.pv"), "疑似两项填反。", ERROR, check="uv_over_pv")
    [problem] = merge([finding, combo])
    assert problem.kind_labels == "校验问题、不合理组合"
    assert "R-ACCESS-UV-LE-PV" in problem.codes and all("R-" not in m for m in problem.messages)


def test_a_whole_report_copy_stays_its_own_row():
    copy = Flag(1, "copy", ("access.uv", "info.total"), "雷同", WARNING, check="near_copy", wide=True)
    item = Flag(1, "outlier", ("access.uv",), "偏高", INFO, check="peer")
    assert len(merge([copy, item])) == 2


def test_a_section_changing_tenfold_is_one_problem():
    before = values(service__cases__total=16_000, service__cases__natural=11_000, service__cases__legal=5_000)
    s = site(1, previous=before, service__cases__total=1_600, service__cases__natural=1_100,
             service__cases__legal=500)  # fmt: skip
    ranks = review([s], TEMPLATE)
    assert len(ranks[0].problems) == 1 and len(ranks[0].problems[0].flags) == 3


def test_reports_are_ranked_by_severity_times_confidence():
    flags = [
        Flag(1, "outlier", ("access.uv",), "提示", INFO, confidence=0.9),
        Flag(2, "combo", ("access.pv",), "错误", ERROR, confidence=0.9),
        Flag(3, "yoy", ("info.total",), "警告", WARNING, confidence=0.8),
        Flag(3, "yoy", ("media.wechat.posts",), "警告", WARNING, confidence=0.5),
    ]
    assert [r.report_id for r in rank(merge(flags))] == [2, 3, 1]


FLAG = st.builds(
    Flag,
    report_id=st.integers(1, 4),
    kind=st.sampled_from(["yoy", "combo", "outlier", "finding"]),
    items=st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, max_size=3, unique=True).map(
        tuple
    ),
    message=st.text(min_size=1, max_size=5),
    severity=st.sampled_from([ERROR, WARNING, INFO]),
    confidence=st.floats(0, 1),
    wide=st.booleans(),
)


@given(st.lists(FLAG, max_size=25))
def test_every_flag_lands_in_exactly_one_problem_of_its_report(flags):
    problems = merge(flags)
    placed = [f for p in problems for f in p.flags]
    assert sorted(map(id, placed)) == sorted(map(id, flags))
    for problem in problems:
        assert {f.report_id for f in problem.flags} == {problem.report_id}
        narrow = [f for f in problem.flags if not f.wide]
        assert len(narrow) == len(problem.flags) or len(problem.flags) == 1


@given(st.lists(FLAG, max_size=25))
def test_the_ranking_is_sorted_and_scores_add_up(flags):
    ranks = rank(merge(flags))
    assert [r.score for r in ranks] == sorted((r.score for r in ranks), reverse=True)
    for r in ranks:
        assert abs(r.score - sum(p.score for p in r.problems)) < 0.02


def test_config_defaults_keep_the_peer_items_to_the_key_figures():
    assert "access.uv" in CheckConfig().peer_items and "signature.phone" not in CheckConfig().peer_items


def test_pv_overwritten_with_uv_points_at_pv_the_item_that_moved_from_last_year():
    before = values(access__uv=120_000, access__pv=700_000)
    s = site(1, previous=before, access__uv=130_000, access__pv=130_000)
    [rank_] = review([s], TEMPLATE)
    [problem] = rank_.problems
    assert problem.item == "access.pv" and {f.check for f in problem.flags} == {"uv_pv_equal", "yoy"}
