"""The SSRF guard over generated addresses, held to the published special-purpose ranges written out here."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.publication import AddressPolicy

# IANA special-purpose ranges a check must never reach by default (RFC 6890 and successors), typed out
# independently of the code under test.
REFUSED = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "2001:db8::/32",
    )
]  # fmt: skip
GUARD = AddressPolicy()


def in_refused(ip) -> bool:
    return any(ip.version == n.version and ip in n for n in REFUSED)


@given(st.ip_addresses(v=4))
def test_every_ipv4_address_in_a_special_range_is_refused(ip):
    if in_refused(ip):
        assert GUARD.refusal("site.test", str(ip)) is not None


@given(st.ip_addresses(v=4))
def test_an_ipv4_address_mapped_into_ipv6_is_judged_as_itself(ip):
    mapped = ipaddress.IPv6Address(f"::ffff:{ip}")
    assert (GUARD.refusal("h", str(mapped)) is None) == (GUARD.refusal("h", str(ip)) is None)


@given(st.ip_addresses(v=6))
def test_every_ipv6_address_in_a_special_range_is_refused(ip):
    if in_refused(ip):
        assert GUARD.refusal("site.test", str(ip)) is not None


@pytest.mark.parametrize(
    "address", ["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "127.0.0.1", "::1", "10.1.2.3"]
)
def test_named_dangerous_addresses_are_refused(address):
    assert GUARD.refusal("site.test", address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "1.1.1.1"])
def test_public_addresses_pass(address):
    assert GUARD.refusal("site.test", address) is None


def test_an_allowed_network_opens_only_itself():
    allow = AddressPolicy.from_settings(networks=["10.1.0.0/16"])
    assert allow.refusal("a.test", "10.1.9.9") is None
    assert allow.refusal("a.test", "10.2.0.1") is not None


def test_an_allowed_host_never_opens_the_metadata_service_unless_listed():
    allow = AddressPolicy.from_settings(hosts=["*.gov.intranet"])
    assert allow.refusal("www.gov.intranet", "10.0.0.5") is None
    assert allow.refusal("www.gov.intranet", "169.254.169.254") is not None
    assert allow.refusal("evilgov.intranet", "10.0.0.5") is not None
    listed = AddressPolicy.from_settings(networks=["169.254.169.254/32"])
    assert listed.refusal("x", "169.254.169.254") is None


def test_a_bad_network_in_the_settings_is_named():
    with pytest.raises(ValueError, match=r"10\.0\.0\.300"):
        AddressPolicy.from_settings(networks=["10.0.0.300/8"])
