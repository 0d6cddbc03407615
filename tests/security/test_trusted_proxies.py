"""client_address(): X-Forwarded-For / X-Real-IP are believed only from the trusted proxies."""

import ipaddress

import pytest
from django.test import RequestFactory, override_settings
from hypothesis import assume, given
from hypothesis import strategies as st

from nianbao.web.security import client_address
from nianbao.web.security.conf import SecuritySettingError

factory = RequestFactory()


def _request(peer, forwarded=None, real=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    if real is not None:
        extra["HTTP_X_REAL_IP"] = real
    return factory.get("/", **extra)


def test_without_trusted_proxies_the_headers_are_ignored():
    assert client_address(_request("127.0.0.1", forwarded="203.0.113.7", real="203.0.113.8")) == "127.0.0.1"


@override_settings(NIANBAO_TRUSTED_PROXIES="127.0.0.1,::1")
def test_a_trusted_proxy_passes_on_the_client_in_x_forwarded_for():
    assert client_address(_request("127.0.0.1", forwarded="203.0.113.7")) == "203.0.113.7"
    assert client_address(_request("::1", forwarded="2001:db8::5")) == "2001:db8::5"


@override_settings(NIANBAO_TRUSTED_PROXIES="127.0.0.1")
def test_a_request_not_from_a_trusted_proxy_cannot_name_its_own_address():
    assert client_address(_request("198.51.100.9", forwarded="203.0.113.7")) == "198.51.100.9"
    assert client_address(_request("198.51.100.9", real="203.0.113.7")) == "198.51.100.9"


@override_settings(NIANBAO_TRUSTED_PROXIES="127.0.0.1,10.0.0.0/8")
def test_the_chain_is_read_from_the_right_skipping_trusted_proxies_only():
    # The client forged "1.2.3.4"; the outer proxy 10.1.1.1 appended the address it saw, 203.0.113.7.
    request = _request("127.0.0.1", forwarded="1.2.3.4, 203.0.113.7, 10.1.1.1")
    assert client_address(request) == "203.0.113.7"


@override_settings(NIANBAO_TRUSTED_PROXIES="127.0.0.1")
def test_x_real_ip_is_used_when_there_is_no_x_forwarded_for():
    assert client_address(_request("127.0.0.1", real="203.0.113.8")) == "203.0.113.8"


@override_settings(NIANBAO_TRUSTED_PROXIES="127.0.0.1")
def test_an_unreadable_header_leaves_the_last_known_address():
    assert client_address(_request("127.0.0.1", forwarded="not-an-address")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", forwarded="unknown, 203.0.113.7")) == "203.0.113.7"
    assert client_address(_request("127.0.0.1", real="<script>")) == "127.0.0.1"


@override_settings(NIANBAO_TRUSTED_PROXIES="127.0.0.1")
def test_ports_and_brackets_written_by_proxies_are_removed():
    assert client_address(_request("127.0.0.1", forwarded="203.0.113.7:51234")) == "203.0.113.7"
    assert client_address(_request("127.0.0.1", forwarded="[2001:db8::5]:443")) == "2001:db8::5"


@override_settings(NIANBAO_TRUSTED_PROXIES="127.0.0.1, 例子")
def test_a_bad_entry_in_the_setting_is_named_in_chinese():
    with pytest.raises(SecuritySettingError, match="NIANBAO_TRUSTED_PROXIES 中的 '例子' 不是 IP 地址或网段"):
        client_address(_request("127.0.0.1", forwarded="203.0.113.7"))


def test_the_environment_variable_is_read_when_there_is_no_django_setting(monkeypatch):
    monkeypatch.setenv("NIANBAO_TRUSTED_PROXIES", "192.0.2.0/24")
    assert client_address(_request("192.0.2.44", forwarded="203.0.113.7")) == "203.0.113.7"
    assert client_address(_request("192.0.3.44", forwarded="203.0.113.7")) == "192.0.3.44"


addresses = st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)).map(str)
PROXY_NET = ipaddress.ip_network("10.0.0.0/8")


def _shown(text):
    """The address as recorded: an IPv4-mapped IPv6 address is written as the IPv4 address."""
    address = ipaddress.ip_address(text)
    return getattr(address, "ipv4_mapped", None) or address


def _is_proxy(text):
    address = _shown(text)
    return address.version == 4 and address in PROXY_NET


@given(peer=addresses, hops=st.lists(addresses, max_size=4), forged=st.text(max_size=40))
@override_settings(NIANBAO_TRUSTED_PROXIES=str(PROXY_NET))
def test_an_untrusted_peer_is_always_the_answer_whatever_the_headers_say(peer, hops, forged):
    assume(not _is_proxy(peer))
    header = ", ".join([forged, *hops])
    assert client_address(_request(peer, forwarded=header, real=forged)) == str(_shown(peer))


@given(client=addresses, proxies=st.lists(st.ip_addresses(network=PROXY_NET).map(str), max_size=3))
@override_settings(NIANBAO_TRUSTED_PROXIES=str(PROXY_NET))
def test_behind_any_number_of_trusted_proxies_the_client_is_found(client, proxies):
    assume(not _is_proxy(client))
    request = _request("10.9.9.9", forwarded=", ".join([client, *proxies]))
    assert client_address(request) == str(_shown(client))


def _seen_by_app(peer, headers):
    from nianbao.web.security.proxies import forwarding_headers_filter

    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return []

    environ = {"REMOTE_ADDR": peer} | headers
    forwarding_headers_filter(app)(environ, None)
    return seen


FORWARDED = {
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_X_FORWARDED_FOR": "203.0.113.7",
    "HTTP_X_REAL_IP": "1.2.3.4",
}


@override_settings(NIANBAO_TRUSTED_PROXIES="127.0.0.3")
def test_the_server_passes_forwarding_headers_on_only_from_a_trusted_proxy():
    assert FORWARDED.items() <= _seen_by_app("127.0.0.3", FORWARDED).items()
    stripped = _seen_by_app("127.0.0.1", FORWARDED | {"HTTP_USER_AGENT": "x"})
    assert not set(FORWARDED) & set(stripped)
    assert stripped["HTTP_USER_AGENT"] == "x"


def test_without_trusted_proxies_the_server_passes_no_forwarding_header_on():
    assert not set(FORWARDED) & set(_seen_by_app("127.0.0.1", FORWARDED))
