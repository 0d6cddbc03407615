"""Publication checks against a real HTTP server on 127.0.0.1: every case a supervisor meets on the sites."""

from __future__ import annotations

import hashlib
import time

import pytest

from nianbao.publication import FetchPolicy, Outcome, check_publication
from nianbao.publication.fetch import fetch

from .sites import CHANGED


def check(site, path, approved, policy, home="/"):
    home_url = site.base + home if home is not None else ""
    return check_publication(site.base + path, home_url, approved, policy)


def test_the_approved_report_as_a_page_is_consistent_and_linked_from_the_home_page(site, approved, policy):
    result = check(site, "/report.html", approved, policy)
    assert result.outcome is Outcome.CONSISTENT, result.to_dict()
    assert result.label == "一致"
    assert result.differences == []
    assert result.home_linked is True
    body = site.routes["/report.html"][2]
    assert result.sha256 == hashlib.sha256(body).hexdigest()
    assert result.size == len(body)
    assert result.evidence == body
    assert result.document_url == site.base + "/report.html"


@pytest.mark.parametrize(
    ("path", "document"),
    [("/docx-page.html", "/files/2020年报.docx"), ("/pdf-page.html", "/files/report.pdf")],
)
def test_a_report_attached_to_the_page_is_read_from_the_attachment(site, approved, policy, path, document):
    result = check(site, path, approved, policy)
    assert result.outcome is Outcome.CONSISTENT, result.to_dict()
    assert result.document_url.endswith(document.split("/")[-1]) or "%E5%B9%B4" in result.document_url
    assert result.sha256 == hashlib.sha256(site.routes[document][2]).hexdigest()
    assert any("报表读自" in line for line in result.found)


def test_an_xlsx_served_as_octet_stream_is_recognised_by_its_bytes(site, approved, policy):
    assert check(site, "/xlsx-page.html", approved, policy).outcome is Outcome.CONSISTENT


def test_two_changed_figures_are_listed_with_published_and_approved_values(site, approved, policy):
    result = check(site, "/changed.html", approved, policy)
    assert result.outcome is Outcome.INCONSISTENT
    assert result.label == "不一致"
    by_key = {d.key: d for d in result.differences}
    assert set(by_key) == set(CHANGED)
    assert by_key["access.pv"].published == "999999"
    assert by_key["access.pv"].approved == str(approved.get("access.pv").data)
    assert by_key["info.total"].published == "12345"
    assert "网站总访问量" in by_key["access.pv"].label or "访问" in by_key["access.pv"].label


def test_a_page_without_a_report_is_not_found_and_says_what_was_there(site, approved, policy):
    result = check(site, "/noreport.html", approved, policy)
    assert result.outcome is Outcome.NOT_FOUND
    assert result.label == "未找到报表"
    assert any("没有" in line for line in result.found)
    assert result.sha256  # what was fetched is still kept as evidence


def test_a_home_page_without_a_link_is_reported_separately(site, approved, policy):
    result = check(site, "/report.html", approved, policy, home="/home-nolink.html")
    assert result.outcome is Outcome.CONSISTENT
    assert result.home_linked is False
    assert result.home_message == "首页未见链接"


def test_a_redirected_address_is_followed_and_recorded(site, approved, policy):
    result = check(site, "/hop.html", approved, policy)
    assert result.outcome is Outcome.CONSISTENT
    assert result.chain == [site.base + "/hop.html", site.base + "/report.html"]
    assert result.home_linked is True  # the home page links the final address


def test_404_is_unreachable_with_its_status(site, approved, policy):
    result = check(site, "/gone.html", approved, policy)
    assert (result.outcome, result.reason, result.status) == (Outcome.UNREACHABLE, "status", 404)
    assert "404" in result.message


def test_a_slow_response_stops_at_the_request_timeout(site, approved, policy):
    started = time.monotonic()
    result = check(site, "/slow.html", approved, policy, home=None)
    elapsed = time.monotonic() - started
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "timeout")
    assert elapsed < policy.request_timeout + 2  # the server would have answered after 5 s


def test_the_whole_check_stops_at_the_check_timeout(site, approved, policy):
    from dataclasses import replace

    tight = replace(policy, request_timeout=5, check_timeout=0.6)
    started = time.monotonic()
    result = check(site, "/slow.html", approved, tight, home=None)
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "timeout")
    assert time.monotonic() - started < 3


def test_a_redirect_loop_is_refused(site, approved, policy):
    result = check(site, "/loop-a", approved, policy)
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "redirects")
    assert result.chain == [site.base + "/loop-a", site.base + "/loop-b"]


def test_a_response_over_the_size_limit_is_cut_off(site, approved, policy):
    result = check(site, "/huge.html", approved, policy, home=None)
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "too_large")
    assert "MB" in result.message


@pytest.mark.parametrize(("path", "kind"), [("/to-private", "内网地址"), ("/to-metadata", "元数据")])
def test_a_redirect_to_a_private_address_is_refused_without_connecting(site, approved, policy, path, kind):
    started = time.monotonic()
    result = check(site, path, approved, policy, home=None)
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "forbidden")
    assert kind in result.message
    assert time.monotonic() - started < 1  # 10.255.255.1 would have hung until the connect timeout


def test_loopback_is_refused_when_not_allowed(site, approved):
    result = check_publication(site.base + "/report.html", "", approved, FetchPolicy())
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "forbidden")
    assert "本机回环地址" in result.message


def test_a_self_signed_certificate_is_a_certificate_error(tls_site, approved, policy):
    result = check_publication(tls_site.base + "/report.html", tls_site.base + "/", approved, policy)
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "certificate")
    assert result.home_linked is None
    assert "证书" in result.home_message


def test_an_unknown_host_is_a_dns_failure(approved, policy):
    result = check_publication("http://no-such-site.invalid/report.html", "", approved, policy)
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "dns")


def test_a_closed_port_is_refused(site, approved, policy):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = check_publication(f"http://127.0.0.1:{port}/", "", approved, policy)
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "refused")


def test_requests_name_nianbao_and_the_contact_address(site, policy):
    fetch(site.base + "/noreport.html?ua", policy)
    agents = [ua for path, ua in site.requests if path == "/noreport.html"]
    assert agents and all("nianbao/" in ua and "https://nianbao.example.org/about" in ua for ua in agents)


def test_the_name_is_resolved_once_and_the_checked_address_is_connected_to(site, policy):
    from dataclasses import replace

    calls = []

    def resolver(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    port = site.base.rsplit(":", 1)[1]
    fetched = fetch(f"http://report.site.test:{port}/hop.html", replace(policy, resolver=resolver))
    assert fetched.address == "127.0.0.1"
    assert calls == ["report.site.test", "report.site.test"]  # one lookup per hop, none behind our back
    assert fetched.final_url == f"http://report.site.test:{port}/report.html"


def test_a_name_that_resolves_to_a_private_address_among_public_ones_is_refused(site, policy, approved):
    from dataclasses import replace

    guarded = replace(FetchPolicy(), resolver=lambda host, port: ["93.184.216.34", "127.0.0.1"])
    result = check_publication("http://mixed.site.test/report.html", "", approved, guarded)
    assert result.reason == "forbidden"


def test_an_allowed_host_name_may_reach_the_intranet_but_never_the_metadata_service(site, approved):
    from dataclasses import replace

    from nianbao.publication import AddressPolicy

    allow = AddressPolicy.from_settings(hosts=["*.intranet.test"])
    port = site.base.rsplit(":", 1)[1]
    to_local = replace(FetchPolicy(addresses=allow), resolver=lambda h, p: ["127.0.0.1"])
    result = check_publication(f"http://www.intranet.test:{port}/report.html", "", approved, to_local)
    assert result.outcome is Outcome.CONSISTENT
    to_metadata = replace(FetchPolicy(addresses=allow), resolver=lambda h, p: ["169.254.169.254"])
    result = check_publication("http://www.intranet.test/", "", approved, to_metadata)
    assert result.reason == "forbidden"


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "http:///nohost", "not a url"])
def test_urls_other_than_http_are_refused(url, approved, policy):
    result = check_publication(url, "", approved, policy)
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "bad_url")


def test_a_compressed_bomb_stops_at_the_size_limit(site, approved, policy):
    assert len(site.routes["/bomb.html"][2]) < policy.max_bytes  # small on the wire, 32 MB unpacked
    result = check(site, "/bomb.html", approved, policy, home=None)
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "too_large")


def test_https_with_a_trusted_certificate_checks_the_name_not_the_address(tls_site, approved, policy):
    from dataclasses import replace

    port = tls_site.base.rsplit(":", 1)[1]
    trusted = replace(policy, ca_certs=tls_site.cert, resolver=lambda host, p: ["127.0.0.1"])
    result = check_publication(f"https://localhost:{port}/report.html", "", approved, trusted)
    assert result.outcome is Outcome.CONSISTENT, result.message
    # the same address under a name the certificate does not carry is refused
    result = check_publication(f"https://other.site.test:{port}/report.html", "", approved, trusted)
    assert (result.outcome, result.reason) == (Outcome.UNREACHABLE, "certificate")


def test_a_home_page_column_named_年度报表_that_links_the_report_counts_as_a_link(site, approved, policy):
    result = check(site, "/report.html", approved, policy, home="/home-column.html")
    assert result.home_linked is True
    assert "政府网站工作年度报表" in result.home_message and "栏目" in result.home_message


def test_a_column_without_the_report_is_named_in_the_home_page_finding(site, approved, policy):
    result = check(site, "/report.html", approved, policy, home="/home-empty-column.html")
    assert result.home_linked is False
    assert result.home_message.startswith("首页未见链接") and "“年度报表”栏目" in result.home_message


def test_the_next_checked_address_is_tried_when_the_first_cannot_be_connected_to(site, policy):
    from dataclasses import replace

    from nianbao.publication import AddressPolicy

    port = site.base.rsplit(":", 1)[1]
    both = replace(
        policy,
        addresses=AddressPolicy.from_settings(networks=["127.0.0.1/32", "::1/128"]),
        resolver=lambda host, p: ["::1", "127.0.0.1"],  # the server listens on 127.0.0.1 only
    )
    fetched = fetch(f"http://dual.site.test:{port}/report.html", both)
    assert fetched.address == "127.0.0.1"
