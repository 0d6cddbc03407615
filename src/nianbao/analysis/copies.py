"""Checks across sites: a report (nearly) the same as another site's, and traffic equal to another's.

Two sites' reports are compared on their informative counts (10 or more): small counts such as the number
of 专栏 or 访谈期数 are often the same by chance, large ones almost never. Reports are paired through an
index of (item, value), so a province of 600 sites costs one pass, not 180,000 comparisons.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from statistics import median

from nianbao.forms.template import ItemType, Template

from .flags import INFO, WARNING, CheckConfig, Flag, SiteFigures, amount
from .wording import fmt

UV, PV = "access.uv", "access.pv"


def _informative(site: SiteFigures, keys: Sequence[str]) -> dict[str, float]:
    amounts = site.amounts
    return {k: x for k in keys if (x := amounts.get(k)) is not None and x >= 10}


def history_gap(site: SiteFigures, keys: Sequence[str]) -> float | None:
    """Return how far a site's figures are from its own last year (median |log ratio|), None without one.

    Of two reports that are the same, the copy is the one that does not follow on from its own site's
    last year; the original does.
    """
    if not site.previous:
        return None
    gaps = []
    for key in keys:
        now, before = site.amounts.get(key), site.previous_amounts.get(key)
        if now and before and max(now, before) >= 10:
            gaps.append(abs(math.log(now / before)))
    return median(gaps) if gaps else None


def original_of(
    a: SiteFigures, b: SiteFigures, keys: Sequence[str], margin: float = 0.5
) -> SiteFigures | None:
    """Return which of two same-looking reports is probably the original, or None if it cannot be told.

    `margin` (log units) is how much closer to its own last year the original must be; with only a
    couple of items (UV and PV) one year's ordinary change is as large, so a wider margin is used.
    """
    gap_a, gap_b = history_gap(a, keys), history_gap(b, keys)
    if gap_a is None or gap_b is None:
        return None
    if gap_a + margin < gap_b:
        return a
    if gap_b + margin < gap_a:
        return b
    return None


ORIGINAL_NOTE = "；本网站数据与其上年报表衔接，对方更可能是照抄的一方，请一并核实。"


def copies(sites: Sequence[SiteFigures], template: Template, config: CheckConfig) -> list[Flag]:
    """Flag pairs of sites whose informative counts are all or nearly all the same (share shown)."""
    keys = [i.key for i in template.items if i.type is ItemType.COUNT]
    figures = {s.report_id: _informative(s, keys) for s in sites}
    by_value: dict[tuple[str, float], list[int]] = defaultdict(list)
    for rid, values in figures.items():
        for pair in values.items():
            by_value[pair].append(rid)
    shared: Counter[tuple[int, int]] = Counter()
    for members in by_value.values():
        if 1 < len(members) <= 50:  # a value shared by 50 sites is a common platform's figure, not a copy
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    shared[(a, b)] += 1
    named = {s.report_id: s for s in sites}
    matches: dict[int, list[tuple[SiteFigures, int, int]]] = defaultdict(list)
    for (a, b), same in shared.items():
        compared = max(len(figures[a]), len(figures[b]))
        if compared >= config.copy_min_items and same >= config.near_copy_share * compared:
            matches[a].append((named[b], same, compared))
            matches[b].append((named[a], same, compared))
    flags = []
    for rid, others in matches.items():
        others.sort(key=lambda m: (-m[1] / m[2], m[0].site_code))
        other, same, compared = others[0]
        more = f"等 {len(others)} 个网站" if len(others) > 1 else ""
        equal = tuple(k for k in figures[rid] if figures[other.report_id].get(k) == figures[rid][k])
        exact = "全部相同" if same == compared else f"有 {same} 项（{same / compared:.0%}）完全相同"
        text = (
            f"与 {other.site_name}（{other.site_code}）{more}的报表相比，{compared} 项有效数量数据中{exact}"
        )
        original = len(others) == 1 and original_of(named[rid], other, keys) is named[rid]
        flags.append(
            Flag(
                rid,
                "copy",
                equal,
                text + (ORIGINAL_NOTE if original else "，疑似照抄其他网站的报表，请核实。"),
                INFO if original else WARNING,
                check="near_copy",
                confidence=0.3 if original else 0.9 if same == compared else 0.8,
                wide=True,
            )
        )
    return flags


def shared_traffic(sites: Sequence[SiteFigures], config: CheckConfig) -> list[Flag]:
    """Flag sites whose UV and PV are both exactly another site's: two counts never agree by chance."""
    by_pair: dict[tuple[float, float], list[SiteFigures]] = defaultdict(list)
    for s in sites:
        uv, pv = amount(s.values.get(UV)), amount(s.values.get(PV))
        if uv is not None and pv is not None and uv >= config.uv_pv_min:
            by_pair[(uv, pv)].append(s)
    flags = []
    for (uv, pv), group in by_pair.items():
        if len(group) < 2:
            continue
        for s in group:
            others = [o for o in group if o is not s]
            names = "、".join(f"{o.site_name}（{o.site_code}）" for o in others)
            original = len(others) == 1 and original_of(s, others[0], (UV, PV), margin=1.0) is s
            text = f"独立用户访问总量（{fmt(uv)}）和网站总访问量（{fmt(pv)}）与 {names} 完全相同"
            flags.append(
                Flag(
                    s.report_id,
                    "copy",
                    (UV, PV),
                    text
                    + (
                        ORIGINAL_NOTE
                        if original
                        else "，两个网站的访问统计不会恰好一致，疑似照抄或共用了统计数据，请核实。"
                    ),
                    INFO if original else WARNING,
                    check="shared_traffic",
                    confidence=0.3 if original else 0.85,
                )
            )
    return flags
