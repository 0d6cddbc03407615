"""Checking many reports: a global limit on concurrent checks, and one request at a time per host.

Sites grouped on one platform (集约化平台) share a host; the HostLimiter makes their requests wait for
each other, and targets are ordered so that the workers start on different hosts rather than all queue
behind one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from itertools import zip_longest
from urllib.parse import urlsplit

from nianbao.publication.check import CheckResult, Outcome, check_publication
from nianbao.publication.fetch import FetchPolicy, HostLimiter
from nianbao.report import Report


@dataclass(frozen=True)
class Target:
    key: Hashable  # the caller's id for the report
    public_url: str
    home_url: str
    approved: Report | Callable[[], Report]  # a callable is called in the worker, to keep memory flat


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def interleave_hosts(targets: Iterable[Target]) -> list[Target]:
    """Order targets round-robin over their hosts: the first of each host, then the second of each …"""
    by_host: dict[str, list[Target]] = defaultdict(list)
    for target in targets:
        by_host[_host(target.public_url)].append(target)
    return [t for row in zip_longest(*by_host.values()) for t in row if t is not None]


def check_many(
    targets: Iterable[Target],
    policy: FetchPolicy,
    workers: int = 8,
    stop: Callable[[], bool] | None = None,
) -> Iterator[tuple[Hashable, CheckResult]]:
    """Yield (key, result) for every target as checks finish; at most `workers` run at once.

    Targets are submitted as workers free up, so only `workers` reports and their documents are held in
    memory at a time, however many targets there are. Once `stop()` is true no new check starts; those
    running are finished and yielded.
    """
    limiter = HostLimiter()
    ordered = iter(interleave_hosts(targets))

    def run(target: Target) -> CheckResult:
        approved = target.approved() if callable(target.approved) else target.approved
        try:
            return check_publication(target.public_url, target.home_url, approved, policy, limiter)
        except Exception as exc:  # a reader's bug must not stop a region's run; the check says so
            return CheckResult(Outcome.NOT_FOUND, f"读取时出错：{type(exc).__name__}", target.public_url)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="nianbao-check") as pool:
        running: dict[Future[CheckResult], Hashable] = {}
        for target in ordered:
            running[pool.submit(run, target)] = target.key
            if len(running) >= workers:
                break
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                key = running.pop(future)
                yield key, future.result()
                following = None if stop is not None and stop() else next(ordered, None)
                if following is not None:
                    running[pool.submit(run, following)] = following.key
