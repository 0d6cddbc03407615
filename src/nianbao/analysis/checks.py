"""Region-wide checks of many reports at once: outliers among peers, jumps from last year, impossible or
suspicious combinations, figures copied between sites, and 标识码 that do not match the registry.

Every flag carries a message in Chinese that says what was found, against what, and why it stands out, and
the items it is about, so a supervisor can open the item on the report and judge.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from nianbao.analysis.numbers import mad, number, robust_z
from nianbao.forms.template import ItemType, Template
from nianbao.report.values import Value

KIND_LABELS = {
    "finding": "校验问题",
    "outlier": "同类比较异常",
    "yoy": "同比异常",
    "combo": "不合理组合",
    "copy": "疑似照抄",
    "registry": "与名录不符",
    "publication": "公开核验",  # filled by nianbao.web.verification: 不一致, 未找到报表, 逾期未公开
}

LEVEL_LABELS = {1: "省级", 2: "市级", 3: "县级"}


@dataclass(frozen=True)
class SiteFigures:
    """One report as the checks see it: its site, its peer group, this and last year's values."""

    report_id: int
    site_code: str
    site_name: str
    site_type: str
    level: int
    values: Mapping[str, Value]
    previous: Mapping[str, Value] | None = None


@dataclass(frozen=True)
class Flag:
    """Something a supervisor should look at on one report."""

    report_id: int
    kind: str
    items: tuple[str, ...]
    message: str
    severity: str = "warning"  # "error" for what cannot be true, "warning" for what is merely unusual

    @property
    def key(self) -> str:
        """Return a key that stays the same while the flag's subject does, to keep a supervisor's note.

        A long list of items (a copied report names every count) is replaced by its digest, so the key
        fits the stored column and a form field.
        """
        items = ",".join(self.items)
        if len(items) > 200:
            items = "sha1-" + hashlib.sha1(items.encode("utf-8")).hexdigest()
        return f"{self.kind}:{items}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


# The figures compared across peers and across years by default: the ones a site is most tempted to
# inflate and a supervisor most often quotes.
KEY_FIGURES = (
    "access.uv",
    "access.pv",
    "info.total",
    "service.cases.total",
    "interaction.messages.received",
    "media.weibo.followers",
    "media.wechat.followers",
)


@dataclass(frozen=True)
class CheckConfig:
    """Thresholds of the checks; every one can be changed by the supervisor's request or a deployment."""

    outlier_threshold: float = 3.5
    min_peers: int = 5
    outlier_items: tuple[str, ...] = KEY_FIGURES
    yoy_factor: float = 5.0
    yoy_min_base: float = 100.0
    yoy_items: tuple[str, ...] = KEY_FIGURES
    # (item that should not fall, item that rose): flagged when the first fell by more than `opposite_drop`
    # while the second grew.
    opposite_pairs: tuple[tuple[str, str], ...] = (
        ("media.weibo.followers", "media.weibo.posts"),
        ("media.wechat.followers", "media.wechat.posts"),
        ("access.pv", "info.total"),
    )
    opposite_drop: float = 0.2
    pv_per_uv_max: float = 100.0
    copy_min_items: int = 6


def _fmt(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"


def _label(template: Template, key: str) -> str:
    item = template.item(key)
    section = template.section_label(item)
    return f"{section}·{item.label}" if section and section != item.label else item.label


def outliers(sites: Sequence[SiteFigures], template: Template, config: CheckConfig) -> list[Flag]:
    """Flag values far from their peers' (same 网站类型 and level) median, by the robust z-score."""
    groups: dict[tuple[str, int], list[SiteFigures]] = defaultdict(list)
    for site in sites:
        groups[(site.site_type, site.level)].append(site)
    flags = []
    for (site_type, level), members in groups.items():
        peer_name = f"{site_type}·{LEVEL_LABELS.get(level, level)}"
        for key in config.outlier_items:
            if not template.has_item(key):
                continue
            observed = [(s, n) for s in members if (n := number(s.values.get(key))) is not None]
            if len(observed) < config.min_peers:
                continue
            centre, deviation = mad([n for _, n in observed])
            for site, x in observed:
                z = robust_z(x, centre, deviation)
                if z is None or abs(z) <= config.outlier_threshold:
                    continue
                side = "偏高" if z > 0 else "偏低"
                flags.append(
                    Flag(
                        site.report_id,
                        "outlier",
                        (key,),
                        f"{_label(template, key)}为 {_fmt(x)}，同类网站（{peer_name}，{len(observed)} 个）"
                        f"中位数为 {_fmt(centre)}，绝对中位差 {_fmt(deviation)}，稳健Z值 {z:.1f}"
                        f"（阈值 {config.outlier_threshold:g}），明显{side}，请核实。",
                    )
                )
    return flags


def year_over_year(site: SiteFigures, template: Template, config: CheckConfig) -> list[Flag]:
    """Flag jumps from last year beyond the configured factor, and figures that move against each other."""
    if not site.previous:
        return []
    flags = []
    for key in config.yoy_items:
        if not template.has_item(key):
            continue
        now, before = number(site.values.get(key)), number(site.previous.get(key))
        if now is None or before is None or max(now, before) < config.yoy_min_base:
            continue
        if before == 0 or now == 0 or now / before > config.yoy_factor or before / now > config.yoy_factor:
            change = "增至" if now > before else "降至"
            ratio = "" if before == 0 or now == 0 else f"，为上年的 {now / before:.2f} 倍"
            flags.append(
                Flag(
                    site.report_id,
                    "yoy",
                    (key,),
                    f"{_label(template, key)}由上年的 {_fmt(before)} {change} {_fmt(now)}{ratio}，"
                    f"超出同比变化阈值（{config.yoy_factor:g} 倍），请核实。",
                )
            )
    for falling, rising in config.opposite_pairs:
        if not (template.has_item(falling) and template.has_item(rising)):
            continue
        f_now, f_before = number(site.values.get(falling)), number(site.previous.get(falling))
        r_now, r_before = number(site.values.get(rising)), number(site.previous.get(rising))
        if None in (f_now, f_before, r_now, r_before) or not f_before:
            continue
        assert f_now is not None and r_now is not None and r_before is not None  # for the type checker
        if (f_before - f_now) / f_before > config.opposite_drop and r_now > r_before:
            flags.append(
                Flag(
                    site.report_id,
                    "yoy",
                    (falling, rising),
                    f"{_label(template, falling)}由 {_fmt(f_before)} 降至 {_fmt(f_now)}"
                    f"（下降 {(f_before - f_now) / f_before:.0%}），而{_label(template, rising)}"
                    f"由 {_fmt(r_before)} 增至 {_fmt(r_now)}，两者走向相反，请核实。",
                )
            )
    return flags


def combinations(site: SiteFigures, template: Template, config: CheckConfig) -> list[Flag]:
    """Flag figures that cannot be true together, or hardly ever are."""
    flags = []
    values = site.values

    def get(key: str) -> float | None:
        return number(values.get(key)) if template.has_item(key) else None

    pv, uv = get("access.pv"), get("access.uv")
    if pv is not None and uv:
        ratio = pv / uv
        if ratio < 1:
            flags.append(
                Flag(
                    site.report_id,
                    "combo",
                    ("access.pv", "access.uv"),
                    f"网站总访问量（{_fmt(pv)}）小于独立用户访问总量（{_fmt(uv)}），每位用户至少访问一次，"
                    "总访问量不可能更少。",
                    "error",
                )
            )
        elif ratio > config.pv_per_uv_max:
            flags.append(
                Flag(
                    site.report_id,
                    "combo",
                    ("access.pv", "access.uv"),
                    f"平均每位用户访问 {ratio:,.1f} 次（总访问量 {_fmt(pv)} ÷ 独立用户 {_fmt(uv)}），"
                    f"超过 {config.pv_per_uv_max:g} 次的合理上限，可能计入了爬虫或重复统计。",
                )
            )
    rate = get("interaction.messages.on_time_rate")
    closed = get("interaction.messages.closed")
    if rate is not None and rate >= 100 and closed == 0:
        flags.append(
            Flag(
                site.report_id,
                "combo",
                ("interaction.messages.on_time_rate", "interaction.messages.closed"),
                "按时办结率填为 100%，但办结留言数量为 0：没有办结的留言，就没有按时办结率可言。",
                "error",
            )
        )
    return flags


def copies(sites: Sequence[SiteFigures], template: Template, config: CheckConfig) -> list[Flag]:
    """Flag sites whose counts are identical item for item (and not mostly zeros): likely copied."""
    count_keys = [i.key for i in template.items if i.type is ItemType.COUNT]
    by_vector: dict[tuple[tuple[str, float], ...], list[SiteFigures]] = defaultdict(list)
    for site in sites:
        vector = tuple((k, n) for k in count_keys if (n := number(site.values.get(k))) is not None)
        if sum(1 for _, n in vector if n != 0) >= config.copy_min_items:
            by_vector[vector].append(site)
    flags = []
    for vector, group in by_vector.items():
        if len(group) < 2:
            continue
        for site in group:
            others = "、".join(f"{o.site_name}（{o.site_code}）" for o in group if o is not site)
            flags.append(
                Flag(
                    site.report_id,
                    "copy",
                    tuple(k for k, _ in vector),
                    f"全部 {len(vector)} 项数量类数据与 {others} 完全相同，疑似照抄，请核实。",
                )
            )
    return flags


def registry_mismatch(site: SiteFigures, template: Template) -> list[Flag]:
    """Flag a 政府网站标识码 on the report that is not the one the registry holds for the site."""
    key = "basic.site_code"
    if not template.has_item(key):
        return []
    value = site.values.get(key)
    typed = str(value.data).strip() if value is not None and value.is_value else ""
    if typed == site.site_code:
        return []
    shown = f"“{typed}”" if typed else "空白"
    return [
        Flag(
            site.report_id,
            "registry",
            (key,),
            f"报表中的政府网站标识码为{shown}，与网站名录登记的 {site.site_code} 不一致。",
            "error",
        )
    ]


def run_checks(
    sites: Iterable[SiteFigures], template: Template, config: CheckConfig | None = None
) -> list[Flag]:
    """Return every flag the region-wide checks raise on these reports."""
    config = config or CheckConfig()
    sites = list(sites)
    flags = outliers(sites, template, config) + copies(sites, template, config)
    for site in sites:
        flags.extend(year_over_year(site, template, config))
        flags.extend(combinations(site, template, config))
        flags.extend(registry_mismatch(site, template))
    return flags
