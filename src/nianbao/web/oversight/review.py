"""The supervisor's review of a region's year: every flag source, merged and ranked, computed once per
change of the data and kept in the cache.

A flag source is a function of the region's year (its reports, their values and cores) that returns
flags. The validator's findings and the analysis checks are the two built in; another part of the
application (the check of what was actually published, for instance) adds its own with
register_flag_source and a category with nianbao.analysis.flags.register_category.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Sum

from nianbao.analysis.checks import CheckConfig, Flag, ReportRank, SiteFigures, review
from nianbao.analysis.findings import finding_flags
from nianbao.forms.template import Template, get_template
from nianbao.report import Report as CoreReport
from nianbao.web.oversight.data import STATE_LABELS, region_reports, site_figures
from nianbao.web.registry.models import Region, Website
from nianbao.web.reporting.core import validate
from nianbao.web.reporting.models import Report, ReportValue


@dataclass(frozen=True)
class RegionYear:
    """What a flag source reads: the region's reports of a year with last year's values."""

    region: Region
    year: int
    figures: list[SiteFigures]
    cores: dict[int, CoreReport]


FlagSource = Callable[[RegionYear], Iterable[Flag]]


def validation_flags(data: RegionYear) -> list[Flag]:
    """Every report's validator findings, as the supervisor should see them (nianbao.analysis.findings).

    Kept per report under its edit version, in one cache entry for the region's year (a cache of a few
    hundred entries would evict most of 600), so after one report changes only that one is validated
    again: in the reporting season some report changes every few minutes.
    """
    rows = Report.unscoped.filter(pk__in=list(data.cores)).values_list(
        "pk", "lock_version", "updated_at", "state", "warning_notes"
    )
    versions = {pk: f"{lock}:{at.isoformat()}:{state}" for pk, lock, at, state, _ in rows}
    notes = {pk: n or {} for pk, _, _, _, n in rows}
    entry = f"oversight-findings:{data.region.pk}:{data.year}"
    known: dict[int, tuple[str, list[Flag]]] = cache.get(entry) or {}
    kept: dict[int, tuple[str, list[Flag]]] = {}
    flags: list[Flag] = []
    for site in data.figures:
        version = versions.get(site.report_id, "")
        cached = known.get(site.report_id)
        if cached is not None and cached[0] == version:
            own = cached[1]
        else:
            core = data.cores[site.report_id]
            own = finding_flags(site, validate(core), core.template, notes.get(site.report_id, {}))
        kept[site.report_id] = (version, own)
        flags.extend(own)
    cache.set(entry, kept, timeout=24 * 3600)
    return flags


FLAG_SOURCES: list[FlagSource] = [validation_flags]
# What else a registered source reads, as a token that changes when it does (its own records, the date).
VersionSource = Callable[[Region, int], object]
VERSION_SOURCES: list[VersionSource] = []


def register_flag_source(source: FlagSource, version: VersionSource | None = None) -> None:
    """Add a source of flags to the review; its flags are merged and ranked with the rest.

    A source that reads anything besides the reports, their values and the registry gives `version`, so
    the cached review is computed again when that changes.
    """
    if source not in FLAG_SOURCES:
        FLAG_SOURCES.append(source)
    if version is not None and version not in VERSION_SOURCES:
        VERSION_SOURCES.append(version)


@dataclass(frozen=True)
class SiteInfo:
    name: str
    code: str
    state: str
    previous_report_id: int | None

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True)
class RegionReview:
    ranks: list[ReportRank]
    sites: dict[int, SiteInfo]
    template_id: str | None  # the template itself holds mapping proxies, which the cache cannot pickle

    @property
    def template(self) -> Template | None:
        return get_template(self.template_id) if self.template_id else None


def data_version(region: Region, year: int) -> str:
    """Return a token that changes whenever anything the review reads changes.

    Every save of a report's values bumps its lock_version and updated_at; a workflow step changes its
    state and updated_at; a value written around the services (an import) changes the values' count or
    latest id; a website renamed, retyped or moved changes the registry rows' digest.
    """
    sites = list(
        Website.unscoped.filter(region__path__startswith=region.path)
        .order_by("pk")
        .values_list("pk", "code", "name", "site_type", "region_id")
    )
    ids = [row[0] for row in sites]
    registry = hashlib.sha1(repr(sites).encode("utf-8")).hexdigest()
    reports = region_reports(region, year, ids) | region_reports(region, year - 1, ids)
    head = reports.aggregate(n=Count("id"), top=Max("id"), edits=Sum("lock_version"), at=Max("updated_at"))
    values = ReportValue.objects.filter(report__in=reports.values("pk")).aggregate(
        n=Count("id"), top=Max("id"), at=Max("updated_at")
    )
    extra = [version(region, year) for version in VERSION_SOURCES]
    return repr((registry, sorted(head.items()), sorted(values.items()), extra))


def _key(region: Region, year: int, config: CheckConfig, version: str) -> str:
    sources = [f"{s.__module__}.{s.__qualname__}" for s in FLAG_SOURCES]
    digest = hashlib.sha1(repr((astuple(config), version, sources)).encode()).hexdigest()
    return f"oversight-review:{region.pk}:{year}:{digest}"


def region_review(region: Region, year: int, config: CheckConfig) -> RegionReview:
    """Return the ranked problems of a region's year, from the cache while the data has not changed."""
    key = _key(region, year, config, data_version(region, year))
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = compute_review(region, year, config)
    cache.set(key, result, timeout=24 * 3600)
    return result


def compute_review(region: Region, year: int, config: CheckConfig) -> RegionReview:
    figures, cores = site_figures(region, year)
    data = RegionYear(region, year, figures, cores)
    extra = [flag for source in FLAG_SOURCES for flag in source(data)]
    template = cores[figures[0].report_id].template if figures else None
    ranks = review(figures, template, config, extra) if template else []
    sites = {f.report_id: SiteInfo(f.site_name, f.site_code, f.state, f.previous_report_id) for f in figures}
    return RegionReview(ranks, sites, template.id if template else None)
