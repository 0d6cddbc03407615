"""Checks of one report on its own: figures that cannot be true together, impossible averages, and
round, estimated-looking key figures."""

from __future__ import annotations

from nianbao.forms.roles import item_roles
from nianbao.forms.template import ItemType, Template

from .flags import ERROR, INFO, WARNING, CheckConfig, Flag, SiteFigures, amount, item_label
from .peers import PeerIndex
from .wording import fmt

UV, PV = "access.uv", "access.pv"


def _get(site: SiteFigures, template: Template, key: str) -> float | None:
    return amount(site.values.get(key)) if template.has_item(key) else None


def _traffic_suspect(site: SiteFigures, peers: PeerIndex | None, uv: float, pv: float) -> str:
    """Return which of UV and PV is probably wrong when there are far too many visits per visitor.

    The one further from its peers in the direction that explains the ratio (UV low, PV high) is blamed;
    typed in 万, UV is ten thousand times too small while PV looks like its peers'.
    """
    if peers is None:
        return ""
    z_uv, z_pv = peers.z(site.report_id, UV, uv), peers.z(site.report_id, PV, pv)
    if z_uv is None or z_pv is None:
        return ""
    if -z_uv > z_pv + 1:
        return UV
    if z_pv > -z_uv + 1:
        return PV
    return ""


def _traffic_suspect_equal(site: SiteFigures, peers: PeerIndex | None, value: float) -> str:
    """Return which of UV and PV equal to each other is probably the one copied: the one unlike its peers.

    Left to the other reasons (last year, the peers) when it cannot be told: a guess would send the
    supervisor to the wrong item.
    """
    if peers is None:
        return ""
    z_uv, z_pv = peers.z(site.report_id, UV, value), peers.z(site.report_id, PV, value)
    if z_uv is None or z_pv is None:
        return ""
    if abs(z_pv) > abs(z_uv) + 1:
        return PV
    if abs(z_uv) > abs(z_pv) + 1:
        return UV
    return ""


def combinations(
    site: SiteFigures, template: Template, config: CheckConfig, peers: PeerIndex | None = None
) -> list[Flag]:
    """Flag figures that cannot be true together, or hardly ever are."""
    flags = []
    rid = site.report_id
    pv, uv = _get(site, template, PV), _get(site, template, UV)
    if pv is not None and uv:
        if pv < uv:
            flags.append(
                Flag(
                    rid,
                    "combo",
                    (UV, PV),
                    f"独立用户访问总量（{fmt(uv)}）大于网站总访问量（{fmt(pv)}）：每位用户至少访问一次，总访问量"
                    "不可能更少，疑似两项填反。",
                    ERROR,
                    check="uv_over_pv",
                    confidence=0.95,
                )
            )
        elif pv == uv and uv >= config.uv_pv_min:
            flags.append(
                Flag(
                    rid,
                    "combo",
                    (UV, PV),
                    f"独立用户访问总量与网站总访问量相同（均为 {fmt(uv)}）：这意味着每位用户全年只访问一次、"
                    "只看一页，几乎不可能，疑似用同一个数填了两项。",
                    WARNING,
                    check="uv_pv_equal",
                    confidence=0.8,
                    suspect=_traffic_suspect_equal(site, peers, uv),
                )
            )
        elif pv / uv > config.pv_per_uv_max and pv >= config.pv_per_uv_min_pv:
            suspect = _traffic_suspect(site, peers, uv, pv)
            hint = {
                UV: "，独立用户数远低于同类网站，疑似按“万”或其他单位填写",
                PV: "，总访问量远高于同类网站，可能计入了爬虫或重复统计",
            }.get(suspect, "")
            flags.append(
                Flag(
                    rid,
                    "combo",
                    (UV, PV),
                    f"平均每位用户访问 {pv / uv:,.0f} 次（总访问量 {fmt(pv)} ÷ 独立用户 {fmt(uv)}），超过 "
                    f"{config.pv_per_uv_max:g} 次的合理上限{hint}，请核实。",
                    WARNING,
                    check="pv_per_uv",
                    confidence=0.85 if suspect else 0.7,
                    suspect=suspect,
                )
            )
    rate = _get(site, template, "interaction.messages.on_time_rate")
    closed = _get(site, template, "interaction.messages.closed")
    if rate is not None and rate >= 100 and closed == 0:
        flags.append(
            Flag(
                rid,
                "combo",
                ("interaction.messages.on_time_rate", "interaction.messages.closed"),
                "按时办结率填为 100%，但办结留言数量为 0：没有办结的留言，就没有按时办结率可言。",
                ERROR,
                check="rate_without_cases",
                confidence=0.9,
                suspect="interaction.messages.on_time_rate",
            )
        )
    flags.extend(_impossible_averages(site, template, config))
    return flags


def _impossible_averages(site: SiteFigures, template: Template, config: CheckConfig) -> list[Flag]:
    flags = []
    key = "interaction.messages.avg_days"
    days = _get(site, template, key)
    if days is not None and days > config.avg_days_max:
        flags.append(
            Flag(
                site.report_id,
                "combo",
                (key,),
                f"{item_label(template, key)}为 {fmt(days)} 天，超过 {config.avg_days_max:g} 天："
                "一年的留言平均要办一年以上，几乎不可能，疑似单位错误（如按小时填写）。",
                WARNING,
                check="impossible_average",
                confidence=0.9,
                suspect=key,
            )
        )
    for item in template.items:
        if (
            item.type is ItemType.PERCENTAGE
            and (rate := _get(site, template, item.key)) is not None
            and rate > 100
        ):
            flags.append(
                Flag(
                    site.report_id,
                    "combo",
                    (item.key,),
                    f"{item_label(template, item.key)}为 {fmt(rate)}%，比率不可能超过 100%。",
                    ERROR,
                    check="impossible_average",
                    confidence=0.95,
                    suspect=item.key,
                )
            )
    return flags


def _is_round(x: float) -> bool:
    return x >= 1000 and x % 100 == 0


def round_numbers(site: SiteFigures, template: Template, config: CheckConfig) -> list[Flag]:
    """Flag a report whose key figures of four digits or more mostly end in 00: estimates, not counts.

    A counted figure ends in 00 one time in a hundred; three of them together by chance is about one
    report in a hundred thousand. Figures under 1,000 are left out (a site may well have 300 posts).
    """
    sized = [
        (k, x) for k in item_roles().key_figures if (x := _get(site, template, k)) is not None and x >= 1000
    ]
    rounded = [k for k, x in sized if _is_round(x)]
    if len(rounded) < config.round_min_items or len(rounded) < config.round_share * len(sized):
        return []
    shown = "、".join(f"{item_label(template, k)} {fmt(_get(site, template, k) or 0)}" for k in rounded)
    strength = len(rounded) / len(sized)
    return [
        Flag(
            site.report_id,
            "round",
            tuple(rounded),
            f"{len(sized)} 项千位以上的主要数据中有 {len(rounded)} 项是整百整千的数（{shown}），像是估算而非"
            "统计，请核实数据来源。",
            WARNING if strength >= 0.6 else INFO,
            check="round_numbers",
            confidence=0.5 + 0.3 * strength,
            wide=True,
        )
    ]
