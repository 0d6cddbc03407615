"""Region-wide checks of many reports at once, and the pipeline from figures to ranked problems.

The checks live in small modules: peers.py (同类比较 on a log scale), history.py (last year: jumps,
decimal shifts, cumulative drops, 无 after a value, a copy of last year), consistency.py (impossible pairs
and averages, round figures), copies.py (copies between sites), findings.py (the validator's findings).
problems.py merges their flags into one row per problem and ranks the reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nianbao.forms.template import Template

from .consistency import combinations, round_numbers
from .copies import copies, shared_traffic
from .flags import (
    CHECKS,
    ERROR,
    INFO,
    KIND_LABELS,
    LEVEL_LABELS,
    SEVERITY_LABELS,
    WARNING,
    CheckConfig,
    Flag,
    SiteFigures,
    register_category,
)
from .history import cumulative_drops, self_copies, turned_none, year_over_year
from .peers import PeerIndex, outliers
from .problems import Problem, ReportRank, merge, rank

__all__ = [
    "CHECKS",
    "ERROR",
    "INFO",
    "KIND_LABELS",
    "LEVEL_LABELS",
    "SEVERITY_LABELS",
    "WARNING",
    "CheckConfig",
    "Flag",
    "PeerIndex",
    "Problem",
    "ReportRank",
    "SiteFigures",
    "combinations",
    "copies",
    "merge",
    "outliers",
    "rank",
    "register_category",
    "registry_mismatch",
    "review",
    "run_checks",
    "year_over_year",
]


def registry_mismatch(site: SiteFigures, template: Template) -> list[Flag]:
    """Flag a 政府网站标识码 on the report that is not the one the registry holds for the site."""
    key = "basic.site_code"
    if not template.has_item(key):
        return []
    value = site.values.get(key)
    typed = str(value.data).strip() if value is not None and value.is_value else ""
    if typed == site.site_code or (not typed and site.being_filled):
        return []
    shown = f"“{typed}”" if typed else "空白"
    return [
        Flag(
            site.report_id,
            "registry",
            (key,),
            f"报表中的政府网站标识码为{shown}，与网站名录登记的 {site.site_code} 不一致。",
            ERROR,
            check="registry",
            confidence=0.95,
            suspect=key,
        )
    ]


def run_checks(
    sites: Iterable[SiteFigures], template: Template, config: CheckConfig | None = None
) -> list[Flag]:
    """Return every flag the region-wide checks raise on these reports."""
    config = config or CheckConfig()
    sites = list(sites)
    peers = PeerIndex(sites, template, config)
    flags = outliers(sites, template, config, peers) + copies(sites, template, config)
    copied = {f.report_id for f in flags if f.check == "near_copy"}
    flags += [f for f in shared_traffic(sites, config) if f.report_id not in copied]
    for site in sites:
        flags += year_over_year(site, template, config, peers)
        flags += cumulative_drops(site, template, config)
        flags += turned_none(site, template, config)
        flags += self_copies(site, template, config)
        flags += combinations(site, template, config, peers)
        flags += round_numbers(site, template, config)
        flags += registry_mismatch(site, template)
    return flags


def review(
    sites: Sequence[SiteFigures],
    template: Template,
    config: CheckConfig | None = None,
    extra: Iterable[Flag] = (),
) -> list[ReportRank]:
    """Return the ranked reports with their problems: every check's flags plus `extra`, merged."""
    return rank(merge([*run_checks(sites, template, config), *extra]))
