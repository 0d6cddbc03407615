"""Peer comparison fit for skewed figures: each site against sites of its kind, on a log scale.

Website traffic, followers and case counts are spread log-normally: among county department sites a
busy one has a hundred times the visits of a quiet one, and both are right. On raw values the median
absolute deviation is small next to that tail, so every busy site looked "明显偏高". On log(1 + x) the
same sites are a bell shape, and what stands out is a figure a hundred or ten thousand times off, the
size of a unit or decimal mistake. The robust z (median and MAD) keeps the mistakes themselves from
widening the yardstick.

Peer groups: same 网站类型 and level; when that group has fewer than `peer_min_group` sites with a value,
the same type at every level; then all sites. The flag names the group used and its size.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from nianbao.forms.template import Template

from .flags import INFO, LEVEL_LABELS, WARNING, CheckConfig, Flag, SiteFigures, amount, item_label, unit_of
from .numbers import MAD_SCALE
from .wording import fmt, power_of_ten, round_nicely


@dataclass(frozen=True)
class PeerGroup:
    name: str
    size: int
    centre: float  # median of log(1 + x)
    spread: float  # MAD of log(1 + x), at least the configured floor
    low: float  # 10th percentile, in real units
    high: float  # 90th percentile
    middle: float  # median, in real units
    mixed: bool = False  # all sites of every kind: too mixed to say more than 提示

    def z(self, x: float) -> float:
        return MAD_SCALE * (math.log1p(max(x, 0.0)) - self.centre) / self.spread


def _percentile(ordered: Sequence[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _group(name: str, observed: list[float], floor: float, mixed: bool) -> PeerGroup:
    logs = [math.log1p(x) for x in observed]
    centre = median(logs)
    spread = max(median(abs(v - centre) for v in logs), floor)
    ordered = sorted(observed)
    return PeerGroup(
        name,
        len(observed),
        centre,
        spread,
        _percentile(ordered, 0.1),
        _percentile(ordered, 0.9),
        median(ordered),
        mixed,
    )


class PeerIndex:
    """The peer group of every site for every compared item, built once and asked by several checks."""

    def __init__(self, sites: Sequence[SiteFigures], template: Template, config: CheckConfig) -> None:
        self._groups: dict[tuple[int, str], PeerGroup] = {}
        for key in config.peer_items:
            if template.has_item(key):
                self._index(sites, key, config)

    def _index(self, sites: Sequence[SiteFigures], key: str, config: CheckConfig) -> None:
        # Zeros are left out of the yardstick: "no messages this year" is a different fact from a size.
        values = {s.report_id: x for s in sites if (x := amount(s.values.get(key))) is not None and x > 0}
        by_pair: dict[tuple[str, int], list[float]] = defaultdict(list)
        by_type: dict[str, list[float]] = defaultdict(list)
        for s in sites:
            if s.report_id in values:
                by_pair[(s.site_type, s.level)].append(values[s.report_id])
                by_type[s.site_type].append(values[s.report_id])
        everyone = list(values.values())
        built: dict[object, PeerGroup | None] = {}

        def group_of(s: SiteFigures) -> PeerGroup | None:
            for label, members in (
                (("pair", s.site_type, s.level), by_pair[(s.site_type, s.level)]),
                (("type", s.site_type), by_type[s.site_type]),
                (("all",), everyone),
            ):
                if len(members) >= config.peer_min_group:
                    if label not in built:
                        name = {
                            "pair": f"{s.site_type}·{LEVEL_LABELS.get(s.level, s.level)}",
                            "type": f"{s.site_type}·各级",
                            "all": "本地区全部网站",
                        }[label[0]]  # type: ignore[index]
                        built[label] = _group(name, members, config.peer_mad_floor, label[0] == "all")
                    return built[label]
            return None

        for s in sites:
            group = group_of(s)
            if group is not None:
                self._groups[(s.report_id, key)] = group

    def group(self, report_id: int, key: str) -> PeerGroup | None:
        return self._groups.get((report_id, key))

    def z(self, report_id: int, key: str, x: float | None) -> float | None:
        """Return how far x stands from the site's peers for this item (robust z on the log scale)."""
        group = self._groups.get((report_id, key))
        return None if group is None or x is None or x <= 0 else group.z(x)


def describe(group: PeerGroup, x: float, unit: str) -> str:
    """Return where a figure stands among its peers, in real units: the group, its size, the usual range."""
    ratio = x / group.middle
    if ratio >= 1:
        where = f"约为中位数的 {f'{ratio:.1f}' if ratio < 10 else f'{round_nicely(ratio):,}'} 倍"
    else:
        where = f"约为中位数的 {_fraction(ratio)}"
    return (
        f"同类网站（{group.name}，{group.size} 个）通常在 {fmt(group.low)}–{fmt(group.high)}{unit} 之间，"
        f"中位数 {fmt(round(group.middle) if group.middle >= 10 else group.middle)}{unit}；本网站{where}"
    )


def _fraction(ratio: float) -> str:
    if ratio >= 0.1:
        return f"{ratio:.0%}"
    return f"1/{round_nicely(1 / ratio):,}"


def outliers(
    sites: Sequence[SiteFigures], template: Template, config: CheckConfig, peers: PeerIndex | None = None
) -> list[Flag]:
    """Flag figures far from their peers on the log scale: 提示 from peer_threshold, 警告 from peer_warning.

    A figure off by close to a power of ten at warning distance is worded as a unit or decimal mistake.
    """
    peers = peers or PeerIndex(sites, template, config)
    flags = []
    for site in sites:
        for key in config.peer_items:
            x = amount(site.values.get(key)) if template.has_item(key) else None
            group = peers.group(site.report_id, key)
            if x is None or x <= 0 or group is None:
                continue
            z = group.z(x)
            if abs(z) < config.peer_threshold:
                continue
            side = "偏高" if z > 0 else "偏低"
            ratio = x / group.middle
            far = (
                not group.mixed
                and abs(z) >= config.peer_warning
                and max(ratio, 1 / ratio) >= config.peer_warning_ratio
            )
            shift = power_of_ten(ratio, 0.5) if far else 0
            severity = WARNING if far else INFO
            hint = (
                ("，疑似小数点错位或单位错误" + ("（如按“万”填写）" if shift == 4 else ""))
                if shift >= 2
                else ""
            )
            unit = unit_of(template, key)
            flags.append(
                Flag(
                    site.report_id,
                    "outlier",
                    (key,),
                    f"{item_label(template, key)}为 {fmt(x)}{unit}，明显{side}：{describe(group, x, unit)}"
                    f"{hint}，请核实。",
                    severity,
                    check="peer",
                    confidence=min(0.95, 0.3 + 0.08 * abs(z)),
                    suspect=key,
                )
            )
    return flags
