"""What the oversight pages call: the column on 填报进度 and the category in 数据核查.

Each is one function call in the oversight view and a template include, so that pages rewritten by others
only need those lines kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone

from nianbao.analysis.flags import ERROR, WARNING, Flag
from nianbao.web.oversight.data import region_reports
from nianbao.web.oversight.review import RegionYear
from nianbao.web.registry.models import Region
from nianbao.web.verification.models import Outcome, PublicationCheck
from nianbao.web.verification.services import latest_checks

KIND = "publication"
UNCHECKED = "unchecked"
LABELS = {**dict(Outcome.choices), Outcome.NOT_FOUND: "未找到", UNCHECKED: "未核验"}


@dataclass(frozen=True)
class BoardCell:
    """What the board shows for one report: the last result and when, or 未核验."""

    outcome: str
    checked_at: object = None
    home_linked: bool | None = None

    @property
    def label(self) -> str:
        return LABELS[self.outcome]


def annotate_board(rows: Iterable) -> None:
    """Give every board row a `publication` cell from the last check of its report (one query)."""
    rows = list(rows)
    latest = latest_checks(r.report_id for r in rows)
    for row in rows:
        check = latest.get(row.report_id)
        row.publication = (
            BoardCell(check.outcome, check.checked_at, check.home_linked) if check else BoardCell(UNCHECKED)
        )


def publication_source(data: RegionYear) -> list[Flag]:
    """The flag source registered with the supervisor's review (nianbao.web.oversight.review)."""
    return publication_flags(data.region, data.year)


def publication_version(region: Region, year: int) -> object:
    """What the category reads besides the reports: the checks recorded, and today (the deadline passes)."""
    reports = region_reports(region, year).values("pk")
    checks = PublicationCheck.objects.filter(report__in=reports).aggregate(n=Count("id"), top=Max("id"))
    return (timezone.localdate().isoformat(), checks["n"], checks["top"])


def publication_flags(region: Region, year: int) -> list[Flag]:
    """Return the 数据核查 rows of the category 公开核验: published figures that differ from the approved
    ones, no report at the 公开网址, and reports still unpublished after the deadline."""
    reports = region_reports(region, year)
    today = timezone.localdate()
    flags: list[Flag] = []
    rows = list(reports.values_list("pk", "published_at", "period__deadline"))
    latest = latest_checks(pk for pk, published_at, _ in rows if published_at)
    for pk, published_at, deadline in rows:
        if published_at is None:
            if today > deadline:
                due = f"{deadline.year}年{deadline.month}月{deadline.day}日"
                message = f"截止日期 {due} 已过，报表仍未公开"
                # About the report as a whole: 公开网址 is not wrong, it is not due until publication.
                flags.append(_flag(pk, (), message, ERROR, "unpublished"))
            continue
        check = latest.get(pk)
        if check is None:
            continue
        flags.extend(_check_flags(pk, check))
    return flags


def _check_flags(pk: int, check: PublicationCheck) -> list[Flag]:
    at = timezone.localtime(check.checked_at)
    when = f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"
    if check.outcome == Outcome.INCONSISTENT:
        differences = check.differences
        shown = "；".join(
            f"{d['label']}：网站上为 {d['published']}，批准的为 {d['approved']}" for d in differences[:5]
        )
        more = f"等 {len(differences)} 项" if len(differences) > 5 else ""
        items = tuple(d["key"] for d in differences) or ("basic.publish_url",)
        message = f"网站上公开的报表与批准的版本不一致（{when} 核验）：{shown}{more}"
        return [_flag(pk, items, message, ERROR, "inconsistent", confidence=0.95)]
    if check.outcome == Outcome.NOT_FOUND:
        message = f"公开网址上未找到报表（{when} 核验）：{check.message}"
        return [_flag(pk, ("basic.publish_url",), message, WARNING, "not_found")]
    return []


def _flag(
    pk: int, items: tuple[str, ...], message: str, severity: str, topic: str, confidence: float = 0.9
) -> Flag:
    # A whole-report finding (wide), so it is not merged with the item flags of the same report.
    return Flag(
        pk,
        KIND,
        items,
        message,
        severity,
        check=KIND,
        confidence=confidence,
        suspect=items[0] if items else "",
        code=f"PUB-{topic.upper()}",
        wide=True,
        topic=f"publication:{topic}",
    )
