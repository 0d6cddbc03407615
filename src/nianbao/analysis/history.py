"""Checks of a report against the same site's report of last year.

Every count item is compared, with a size floor so that small figures (a site going from 381 visits to
252) never fire. A change of close to 10, 100 or 1000 times is worded as a decimal or unit mistake. A
change shared by the item's neighbours in its section (visits and visitors both tripling in a surge year)
is only a 提示: that is what real change looks like. When this year's figure fits the peers and last
year's did not, the flag says the mistake is probably last year's and points at that report.
"""

from __future__ import annotations

import math
from statistics import median

from nianbao.forms.roles import item_roles
from nianbao.forms.template import ItemType, Template

from .flags import INFO, WARNING, CheckConfig, Flag, SiteFigures, amount, item_label, unit_of
from .peers import PeerIndex
from .wording import change, fmt, power_of_ten, share

# How closely a neighbour item must move with the item for the change to count as shared (factor).
TOGETHER = 2.5
# A change shared by the section is taken as real up to this factor; real surges (an epidemic year on a
# health site) are two to five times, a whole section off tenfold is a unit mistake or worth a question.
TOGETHER_UP_TO = 8.0
SHIFT_WORDS = {1: "约 10 倍", 2: "约 100 倍", 3: "约 1,000 倍", 4: "约 1 万倍"}


_COUNT_KEYS: dict[tuple[str, int], tuple[str, ...]] = {}


def _count_keys(template: Template) -> tuple[str, ...]:
    """Return the template's count items (kept per template: asked for every site)."""
    tag = (template.id, template.version)
    if tag not in _COUNT_KEYS:
        _COUNT_KEYS[tag] = tuple(i.key for i in template.items if i.type is ItemType.COUNT)
    return _COUNT_KEYS[tag]


def _neighbour_ratio(site: SiteFigures, template: Template, key: str, floor: float) -> float | None:
    """Return the median change of the other counts of the item's section, or None if there are none."""
    section = template.item(key).section
    ratios = []
    for item in template.items:
        if item.key == key or item.type is not ItemType.COUNT or item.section != section:
            continue
        now, before = site.amounts.get(item.key), site.previous_amounts.get(item.key)
        if now and before and max(now, before) >= floor:
            ratios.append(now / before)
    return median(ratios) if ratios else None


def year_over_year(
    site: SiteFigures, template: Template, config: CheckConfig, peers: PeerIndex | None = None
) -> list[Flag]:
    """Flag count items that changed from last year by more than the configured factor."""
    if not site.previous:
        return []
    cumulative = item_roles().cumulative
    flags = []
    for key in _count_keys(template):
        now, before = site.amounts.get(key), site.previous_amounts.get(key)
        if now is None or before is None or max(now, before) < config.yoy_min_base:
            continue
        if key in cumulative and now < before:
            continue  # a falling running total is the cumulative check's, worded for it
        if now and before and 1 / config.yoy_factor <= now / before <= config.yoy_factor:
            continue
        label, unit = item_label(template, key), unit_of(template, key)
        if now == 0 or before == 0:
            moved = "降为 0" if now == 0 else f"由 0 增至 {fmt(now)}{unit}"
            was = f"由上年的 {fmt(before)}{unit} " if now == 0 else ""
            flags.append(
                Flag(
                    site.report_id,
                    "yoy",
                    (key,),
                    f"{label}{was}{moved}，请核实。",
                    INFO,
                    check="yoy",
                    confidence=0.3,
                    suspect=key,
                )
            )
            continue
        ratio = now / before
        if 1 / config.yoy_factor <= ratio <= config.yoy_factor:
            continue
        flags.append(_jump(site, template, config, peers, key, now, before, ratio, label, unit))
    return flags


def _topic(template: Template, key: str) -> str:
    return "change:" + template.item(key).section


def _jump(
    site: SiteFigures,
    template: Template,
    config: CheckConfig,
    peers: PeerIndex | None,
    key: str,
    now: float,
    before: float,
    ratio: float,
    label: str,
    unit: str,
) -> Flag:
    shift = power_of_ten(ratio, config.shift_tolerance)
    neighbours = _neighbour_ratio(site, template, key, config.yoy_min_base / 10)
    together = neighbours is not None and abs(math.log(ratio / neighbours)) < math.log(TOGETHER)
    z_now = peers.z(site.report_id, key, now) if peers else None
    z_before = peers.z(site.report_id, key, before) if peers else None
    blame_previous = (
        z_now is not None
        and z_before is not None
        and abs(z_now) < 2 <= abs(z_before)
        and abs(z_before) > abs(z_now) + 1.5
    )
    text = f"{label}由上年的 {fmt(before)}{unit} 变为 {fmt(now)}{unit}（{change(before, now)}）"
    check = "decimal_shift" if shift else "yoy"

    def flag(text: str, severity: str, confidence: float, previous: bool = False) -> Flag:
        return Flag(
            site.report_id,
            "yoy",
            (key,),
            text,
            severity,
            check=check,
            confidence=confidence,
            suspect=key,
            on_previous=previous,
            topic=_topic(template, key),
        )

    if shift:
        text += f"，两年相差{SHIFT_WORDS.get(shift, f'约 10^{shift} 倍')}，疑似小数点错位或单位错误"
    if blame_previous:
        text += "；本年数值与同类网站相符，上年数值明显偏离同类，疑似上年报表有误，请核查上年报表。"
        return flag(text, INFO, 0.4, previous=True)
    if together and not shift and max(ratio, 1 / ratio) < TOGETHER_UP_TO:
        text += "；同一栏目的其他数据也有同样幅度的变化，可能是真实变化，请核实。"
        return flag(text, INFO, 0.3)
    if not shift and key not in item_roles().key_figures and max(ratio, 1 / ratio) < config.yoy_minor_factor:
        # Secondary items (a sub-count, a programme's participants) swing more than the key figures.
        text += f"，超出同比变化阈值（{config.yoy_factor:g} 倍），请核实。"
        return flag(text, INFO, 0.35)
    text += f"，超出同比变化阈值（{config.yoy_factor:g} 倍），请核实。" if not shift else "，请核实。"
    confidence = 0.9 if shift >= 2 else 0.8 if shift == 1 else min(0.75, 0.45 + 0.03 * max(ratio, 1 / ratio))
    return flag(text, WARNING, confidence)


def cumulative_drops(site: SiteFigures, template: Template, config: CheckConfig) -> list[Flag]:
    """Flag running totals (followers, registered users) that fell by more than the configured share."""
    if not site.previous:
        return []
    flags = []
    for key in sorted(item_roles().cumulative):
        if not template.has_item(key):
            continue
        now, before = amount(site.values.get(key)), amount(site.previous.get(key))
        if now is None or before is None or before < config.cumulative_min_base:
            continue
        if now >= before * (1 - config.cumulative_drop):
            continue
        unit = unit_of(template, key)
        shift = power_of_ten(now / before, config.shift_tolerance) if now else 0
        cause = "，疑似小数点错位或单位错误" if shift else ""
        flags.append(
            Flag(
                site.report_id,
                "yoy",
                (key,),
                f"{item_label(template, key)}是累计数，由上年的 {fmt(before)}{unit} 降至 {fmt(now)}{unit}"
                f"（{share(now / before) if now else '降为 0'}）{cause}。累计数一般不会大幅下降，请核实是否"
                "清理了无效用户，或哪一年填写有误。",
                WARNING,
                check="decimal_shift" if shift else "cumulative_drop",
                confidence=0.85 if shift or now < before * 0.2 else 0.65,
                suspect=key,
            )
        )
    return flags


def turned_none(site: SiteFigures, template: Template, config: CheckConfig) -> list[Flag]:
    """Flag counts that had a value last year and are 无 this year.

    A key figure from `turned_none_min` is a 警告; another count from `yoy_min_base` too, and a 提示 from a
    tenth of that (a small programme may really have ended). Items of one section turned 无 together are
    one problem.
    """
    if not site.previous:
        return []
    key_figures = set(item_roles().key_figures)
    flags = []
    for key in _count_keys(template):
        value = site.values.get(key)
        before = site.previous_amounts.get(key)
        if value is None or not value.is_none or before is None:
            continue
        main = key in key_figures
        if before < (config.turned_none_min if main else config.yoy_min_base / 10):
            continue
        # A closed account (its name also 无) explains a 无 follower count: only a 提示 then. (Sites on the
        # province's unified message platform still report their messages, so that explains nothing.)
        account = key.rsplit(".", 1)[0] + ".name"
        closed = (
            template.has_item(account) and (name := site.values.get(account)) is not None and name.is_none
        )
        minor = not main and before < config.yoy_min_base
        reason = "，该账号名称也填“无”，可能已关停" if closed else ""
        what = "主要数据" if main else "项目"
        flags.append(
            Flag(
                site.report_id,
                "yoy",
                (key,),
                f"{item_label(template, key)}上年为 {fmt(before)}{unit_of(template, key)}，"
                f"本年填“无”{reason}。上年有数的{what}本年为“无”，请核实是否漏报或填错。",
                INFO if closed or minor else WARNING,
                check="turned_none",
                confidence=0.3 if closed or minor else 0.7,
                suspect=key,
                topic="none:" + template.item(key).section,
            )
        )
    return flags


def self_copies(site: SiteFigures, template: Template, config: CheckConfig) -> list[Flag]:
    """Flag a report whose counts are (nearly) all the same as the site's own report of last year."""
    if not site.previous:
        return []
    compared = same = 0
    equal_keys = []
    for key in _count_keys(template):
        now, before = site.amounts.get(key), site.previous_amounts.get(key)
        if now is None or before is None or max(now, before) < 10:
            continue  # small counts (专栏数, 期数) are often rightly the same every year
        compared += 1
        if now == before:
            same += 1
            equal_keys.append(key)
    if compared < config.copy_min_items or same < config.self_copy_share * compared:
        return []
    return [
        Flag(
            site.report_id,
            "copy",
            tuple(equal_keys),
            f"与本网站上年报表相比，{compared} 项有效数量数据中有 {same} 项（{same / compared:.0%}）"
            "完全相同，疑似照搬上年报表，请核实。",
            WARNING,
            check="self_copy",
            confidence=0.9 if same == compared else 0.8,
            wide=True,
        )
    ]
