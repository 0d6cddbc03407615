"""One report's publication check: fetch, find, read, compare; and whether the home page links to it."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from nianbao.publication.compare import Difference, compare
from nianbao.publication.fetch import (
    REASONS,
    Deadline,
    Fetched,
    FetchError,
    FetchPolicy,
    HostLimiter,
    fetch,
)
from nianbao.publication.locate import REPORT_WORDS, locate, page_links
from nianbao.report import Report

# Column pages named like the report (年度报表, 年报) followed from the home page, at most.
COLUMN_PAGES = 2


class Outcome(StrEnum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    NOT_FOUND = "not_found"
    UNREACHABLE = "unreachable"


OUTCOME_LABELS = {
    Outcome.CONSISTENT: "一致",
    Outcome.INCONSISTENT: "不一致",
    Outcome.NOT_FOUND: "未找到报表",
    Outcome.UNREACHABLE: "无法访问",
}


@dataclass
class CheckResult:
    """Everything one check established, and the evidence: what was fetched, from where, its digest."""

    outcome: Outcome
    message: str
    public_url: str
    home_url: str = ""
    reason: str = ""  # for UNREACHABLE: a key of fetch.REASONS
    status: int | None = None
    differences: list[Difference] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    chain: list[str] = field(default_factory=list)  # the 公开网址 and every redirect after it
    document_url: str = ""  # where the report was read from (the page or an attachment)
    content_type: str = ""
    sha256: str = ""
    size: int = 0
    evidence: bytes = b""  # the fetched document, cut at policy.evidence_bytes
    evidence_truncated: bool = False
    home_linked: bool | None = None  # None: the home page could not be checked
    home_message: str = ""
    home_chain: list[str] = field(default_factory=list)
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    seconds: float = 0.0

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def final_url(self) -> str:
        return self.chain[-1] if self.chain else self.public_url

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data (the evidence bytes are kept apart, as a file)."""
        return {
            "outcome": self.outcome.value,
            "label": self.label,
            "message": self.message,
            "public_url": self.public_url,
            "home_url": self.home_url,
            "reason": self.reason,
            "reason_label": REASONS.get(self.reason, ""),
            "status": self.status,
            "differences": [d.to_dict() for d in self.differences],
            "found": self.found,
            "chain": self.chain,
            "document_url": self.document_url,
            "content_type": self.content_type,
            "sha256": self.sha256,
            "size": self.size,
            "evidence_truncated": self.evidence_truncated,
            "home_linked": self.home_linked,
            "home_message": self.home_message,
            "home_chain": self.home_chain,
            "started_at": self.started_at.isoformat(),
            "seconds": round(self.seconds, 3),
        }


def normal_url(url: str) -> str:
    """Return a URL in the form links are compared in: lower-case scheme and host, no default port,
    no fragment, no trailing slash."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if port in (None, default) else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), parts.query, ""))


def check_publication(
    public_url: str,
    home_url: str,
    approved: Report,
    policy: FetchPolicy,
    limiter: HostLimiter | None = None,
) -> CheckResult:
    """Check one report on its website. Never raises for anything the website does."""
    started = time.monotonic()
    limiter = limiter or HostLimiter()
    deadline = Deadline(policy.check_timeout)
    result = _check_page(public_url, approved, policy, limiter, deadline)
    result.home_url = home_url
    if home_url:
        _check_home(result, home_url, policy, limiter, deadline)
    else:
        result.home_message = "网站名录中没有首页网址，未检查首页链接"
    result.seconds = time.monotonic() - started
    return result


def _check_page(
    public_url: str, approved: Report, policy: FetchPolicy, limiter: HostLimiter, deadline: Deadline
) -> CheckResult:
    if not public_url.strip():
        return CheckResult(Outcome.NOT_FOUND, "没有登记公开网址", public_url)
    try:
        page = fetch(public_url, policy, deadline, limiter)
    except FetchError as exc:
        return CheckResult(
            Outcome.UNREACHABLE,
            f"{REASONS[exc.reason]}：{exc.message}",
            public_url,
            reason=exc.reason,
            status=exc.status,
            chain=list(exc.chain),
        )
    located = locate(page, lambda url: fetch(url, policy, deadline, limiter), policy.max_attachments)
    document = located.document or page
    result = CheckResult(
        Outcome.NOT_FOUND,
        "",
        public_url,
        found=located.found,
        chain=list(page.chain),
        document_url=document.final_url,
        content_type=document.content_type,
        sha256=document.sha256,
        size=document.size,
        evidence=document.body[: policy.evidence_bytes],
        evidence_truncated=document.size > policy.evidence_bytes,
    )
    read = located.result
    if read is None or read.report is None:
        result.message = "公开网址的页面上没有找到报表"
        return result
    published = read.report
    if approved.year is not None and published.year is not None and published.year != approved.year:
        result.found.append(f"找到的是 {published.year} 年度的报表，应为 {approved.year} 年度")
        result.message = f"公开网址上是 {published.year} 年度的报表，没有找到 {approved.year} 年度的报表"
        return result
    if published.template.id != approved.template.id:
        result.found.append(
            f"找到的报表按模板 {published.template.id} 读取，批准的版本用 {approved.template.id}"
        )
    result.differences = compare(published, approved)
    if result.differences:
        result.outcome = Outcome.INCONSISTENT
        result.message = f"公开的报表有 {len(result.differences)} 项与批准的版本不一致"
    else:
        result.outcome = Outcome.CONSISTENT
        result.message = "公开的报表与批准的版本一致"
    return result


def _check_home(
    result: CheckResult, home_url: str, policy: FetchPolicy, limiter: HostLimiter, deadline: Deadline
) -> None:
    try:
        home = fetch(home_url, policy, deadline, limiter)
    except FetchError as exc:
        result.home_message = f"首页无法访问：{REASONS[exc.reason]}：{exc.message}"
        result.home_chain = list(exc.chain)
        return
    result.home_chain = list(home.chain)
    targets = {normal_url(u) for u in [result.public_url, *result.chain, result.document_url] if u}
    if home_links_to(home, targets):
        result.home_linked = True
        result.home_message = "首页有指向报表的链接"
        return
    # Many sites put a 年度报表 column on the home page rather than the report itself: one step into the
    # columns named so is still a link from the home page, and the message says which column it went through.
    columns = [
        link for link in page_links(home) if REPORT_WORDS.search(link.text) and link.kind != "document"
    ]
    for column in columns[:COLUMN_PAGES]:
        try:
            page = fetch(column.url, policy, deadline, limiter)
        except FetchError:
            continue
        if home_links_to(page, targets):
            result.home_linked = True
            result.home_message = f"首页经“{column.text}”栏目链接到报表（{page.final_url}）"
            return
    result.home_linked = False
    named = "、".join(f"“{c.text}”" for c in columns[:COLUMN_PAGES])
    result.home_message = "首页未见链接" + (f"（首页的{named}栏目中也没有指向本报表的链接）" if named else "")


def home_links_to(home: Fetched, targets: set[str]) -> bool:
    """Return True when the page links (a link or a frame) to one of the target URLs."""
    return any(normal_url(link.url) in targets for link in page_links(home))
