"""What the region-wide checks take in and give out: a site's figures, a flag, the checks' thresholds.

A flag is one reason to look at one report. Flags about the same item of the same report are later merged
into one problem (nianbao.analysis.problems), so two checks finding one mistake show as one row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from nianbao.forms.roles import item_roles
from nianbao.forms.template import Template
from nianbao.report.values import Value

from .wording import PATH_SEPARATOR

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}
# How much a problem of each severity counts towards a report's rank.
SEVERITY_WEIGHTS = {ERROR: 3.0, WARNING: 2.0, INFO: 0.25}

# Categories of flags shown to a supervisor. Other parts of the application add theirs with
# register_category (publication checks, for instance), so the page and the filters stay open to them.
KIND_LABELS: dict[str, str] = {
    "finding": "校验问题",
    "outlier": "同类比较异常",
    "yoy": "同比异常",
    "combo": "不合理组合",
    "copy": "疑似照抄",
    "round": "疑似估算",
    "registry": "与名录不符",
}


def register_category(kind: str, label: str) -> None:
    """Add a category of flags (a code and its Chinese label) to the ones the pages list and filter."""
    KIND_LABELS.setdefault(kind, label)


LEVEL_LABELS = {1: "省级", 2: "市级", 3: "县级"}

# The largest figure the checks compute with: stored counts are unbounded integers, and float() of a
# 309-digit one raises. Anything larger is impossible for a website's year and is treated as this.
LARGEST = 1e15


def amount(value: Value | None) -> float | None:
    """Return the number a value holds as a float, capped at LARGEST; None for 无, blank, text."""
    if value is None or not value.is_value:
        return None
    data = value.data
    if isinstance(data, bool) or not isinstance(data, int | Decimal):
        return None
    if isinstance(data, int):
        return float(data) if -LARGEST <= data <= LARGEST else (LARGEST if data > 0 else -LARGEST)
    if not data.is_finite():
        return None
    return max(-LARGEST, min(LARGEST, float(data)))


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
    state: str = ""  # the report's workflow state: not_started, draft, submitted, …, published, returned
    previous_report_id: int | None = None

    @cached_property
    def amounts(self) -> dict[str, float]:
        """Return this year's numbers by item key (computed once; several checks read them)."""
        return {k: x for k, v in self.values.items() if (x := amount(v)) is not None}

    @cached_property
    def previous_amounts(self) -> dict[str, float]:
        """Return last year's numbers by item key, empty without last year's report."""
        return {k: x for k, v in (self.previous or {}).items() if (x := amount(v)) is not None}

    @property
    def published(self) -> bool:
        return self.state == "published"

    @property
    def being_filled(self) -> bool:
        """True while the site's staff still edit the report (not started, draft, returned)."""
        return self.state in ("", "not_started", "draft", "returned")


@dataclass(frozen=True)
class Flag:
    """One reason to look at one report: found by one named check."""

    report_id: int
    kind: str
    items: tuple[str, ...]
    message: str
    severity: str = WARNING  # ERROR: cannot be true; WARNING: probably wrong; INFO: unusual, maybe right
    check: str = ""  # the named check (CHECKS) that raised it
    confidence: float = 0.7  # how likely the flag points at a real mistake, 0–1
    suspect: str = ""  # the item most probably wrong, when the check can tell
    code: str = ""  # a technical code (validation rule), for the tooltip and the export only
    on_previous: bool = False  # the mistake is probably in last year's report
    wide: bool = False  # about the report as a whole (a copy), not merged with item flags
    topic: str = ""  # flags of one report with the same topic are one problem (a whole section's change)

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

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)


@dataclass(frozen=True)
class CheckInfo:
    label: str
    kind: str
    thresholds: tuple[str, ...] = ()  # CheckConfig fields it reads


# Every named check, with the thresholds it reads; the 阈值设置 form is built from this list.
CHECKS: dict[str, CheckInfo] = {
    "peer": CheckInfo(
        "同类比较", "outlier", ("peer_threshold", "peer_warning", "peer_warning_ratio", "peer_min_group")
    ),
    "yoy": CheckInfo("同比变化", "yoy", ("yoy_factor", "yoy_minor_factor", "yoy_min_base")),
    "decimal_shift": CheckInfo("疑似小数点错位或单位错误", "yoy", ("shift_tolerance",)),
    "cumulative_drop": CheckInfo("累计数明显下降", "yoy", ("cumulative_drop", "cumulative_min_base")),
    "turned_none": CheckInfo("上年有数本年填“无”", "yoy", ("turned_none_min",)),
    "self_copy": CheckInfo("与上年报表雷同", "copy", ("self_copy_share", "copy_min_items")),
    "near_copy": CheckInfo("与其他网站报表雷同", "copy", ("near_copy_share", "copy_min_items")),
    "shared_traffic": CheckInfo("访问量与其他网站完全相同", "copy", ("uv_pv_min",)),
    "uv_pv_equal": CheckInfo("独立用户数等于总访问量", "combo", ("uv_pv_min",)),
    "uv_over_pv": CheckInfo("独立用户数大于总访问量", "combo"),
    "pv_per_uv": CheckInfo("人均访问次数过多", "combo", ("pv_per_uv_max",)),
    "impossible_average": CheckInfo("平均数或比率超出可能范围", "combo", ("avg_days_max",)),
    "rate_without_cases": CheckInfo("办结为0而按时办结率为100%", "combo"),
    "round_numbers": CheckInfo("主要数据多为整数", "round", ("round_min_items", "round_share")),
    "registry": CheckInfo("标识码与名录不符", "registry"),
    "finding": CheckInfo("填报校验", "finding"),
}


@dataclass(frozen=True)
class CheckConfig:
    """Thresholds of the checks; every one can be changed in the 阈值设置 or by a deployment.

    The defaults are set from what real reports look like, not from any one data set: website traffic and
    followers spread over four orders of magnitude between sites of one kind, so peers are compared on a
    log scale and only differences of about a hundredfold count as more than a 提示.
    """

    peer_threshold: float = 3.5  # robust z on log(1 + x) above which a figure is 提示
    peer_warning: float = 5.5  # … and above which it is 警告,
    peer_warning_ratio: float = 100.0  # … when also this many times above or below the peers' median
    peer_min_group: int = 8  # fewest peers with a value before a group is used (else the wider group)
    peer_items: tuple[str, ...] = field(default_factory=lambda: item_roles().key_figures)
    peer_mad_floor: float = 0.5  # smallest spread (log units) assumed, so a tight group is not over-read
    yoy_factor: float = 5.0  # change by more than this factor (up or down) from last year
    yoy_min_base: float = 1000.0  # … when the larger of the two years is at least this (below a
    # thousand a year, a handful of events moves a figure by multiples)
    yoy_minor_factor: float = 10.0  # items other than the key figures: 警告 only from this factor
    shift_tolerance: float = 0.12  # log10 distance from 10, 100, 1000 that counts as a decimal shift
    cumulative_drop: float = 0.5  # share a cumulative figure may fall before it is flagged
    cumulative_min_base: float = 100.0
    turned_none_min: float = 10.0  # last year's value of a key figure now 无, at least this
    copy_min_items: int = 6  # fewest informative items (≥ 10) before two reports are compared
    self_copy_share: float = 0.8  # share of items equal to last year's that makes a copy
    near_copy_share: float = 0.8  # share of items equal to another site's that makes a copy
    uv_pv_min: float = 100.0  # UV = PV, or both equal another site's, only judged from this size
    pv_per_uv_max: float = 100.0
    pv_per_uv_min_pv: float = 1000.0
    avg_days_max: float = 365.0
    round_min_items: int = 3  # fewest key figures ending in 00 (and ≥ 1,000) before a report is flagged
    round_share: float = 0.5  # … and at least this share of its figures of that size


def item_label(template: Template, key: str) -> str:
    """Return an item's label with its section path, e.g. "互动交流 › 留言办理 › 收到留言数量"."""
    if not template.has_item(key):
        return key
    item = template.item(key)
    section = template.section_label(item)
    return f"{section}{PATH_SEPARATOR}{item.label}" if section and section != item.label else item.label


def unit_of(template: Template, key: str) -> str:
    return template.item(key).unit if template.has_item(key) else ""
