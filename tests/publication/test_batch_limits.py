"""Many checks at once: one request at a time per host, at most `workers` at all, and nothing crashes on
hostile content."""

from __future__ import annotations

import threading
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.publication import Outcome, check_publication
from nianbao.publication.batch import Target, check_many, interleave_hosts

HTML = {"Content-Type": "text/html; charset=utf-8"}


class Gauge:
    """Counts requests in progress per host, and the most ever seen at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now: dict[str, int] = {}
        self.most: dict[str, int] = {}
        self.total_now = 0
        self.total_most = 0
        self.release = threading.Event()

    def __call__(self, handler):
        host = handler.headers.get("Host", "").split(":")[0]
        with self.lock:
            self.now[host] = self.now.get(host, 0) + 1
            self.most[host] = max(self.most.get(host, 0), self.now[host])
            self.total_now += 1
            self.total_most = max(self.total_most, self.total_now)
        # Hold the response long enough for requests to overlap, if the client would let them.
        self.release.wait(0.05)
        with self.lock:
            self.now[host] -= 1
            self.total_now -= 1
        return 404, HTML, b"<html><body>none</body></html>"


def test_one_request_at_a_time_per_host_and_a_global_limit(site, approved, policy):
    gauge = Gauge()
    site.routes["/gauge"] = gauge
    port = site.base.rsplit(":", 1)[1]
    hosts = [f"h{n}.test" for n in range(4)]
    targets = [
        Target((h, n), f"http://{h}:{port}/gauge", f"http://{h}:{port}/gauge", approved)
        for h in hosts
        for n in range(4)
    ]
    local = replace(policy, resolver=lambda name, p: ["127.0.0.1"])
    results = dict(check_many(targets, local, workers=3))
    assert len(results) == 16
    assert all(r.reason == "status" for r in results.values())
    assert set(gauge.most) == set(hosts)
    assert max(gauge.most.values()) == 1
    assert 1 < gauge.total_most <= 3


def test_targets_are_interleaved_over_hosts():
    targets = [Target(n, f"http://{h}/{n}", "", None) for n, h in enumerate("aaabbc")]
    assert [t.public_url[7] for t in interleave_hosts(targets)] == list("abcaba")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.binary(max_size=4000),
    content_type=st.sampled_from(["text/html", "application/pdf", "application/octet-stream", "text/plain"]),
    suffix=st.sampled_from([".html", ".pdf", ".docx", ".xlsx", ""]),
)
def test_whatever_a_site_serves_the_check_gives_a_result(site, approved, policy, body, content_type, suffix):
    path = f"/hostile{suffix}"
    site.routes[path] = (200, {"Content-Type": content_type} if content_type else {}, body)
    page = f"<a href='{path}'>2020年度报表</a>".encode()
    site.routes["/hostile-page.html"] = (200, HTML, page)
    for url in (site.base + path, site.base + "/hostile-page.html"):
        result = check_publication(url, site.base + path, approved, policy)
        assert result.outcome in (Outcome.NOT_FOUND, Outcome.UNREACHABLE)
        assert result.message
