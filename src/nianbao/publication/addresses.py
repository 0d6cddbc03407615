"""Which addresses a publication check may connect to: the guard against server-side request forgery.

A 公开网址 is typed by a website's staff, so it may point anywhere: at the server's own loopback, at the
province's intranet, or at a cloud's metadata service that hands out credentials. Every address a name
resolves to is checked before connecting (and again after every redirect); only public addresses pass,
unless a host or network is named in the allow-list (a province's intranet sites).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud metadata services: refused even when a private network around them is allowed, unless the exact
# address is listed. 100.100.100.200 is Alibaba Cloud's, common on government clouds.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)

# Special-purpose ranges Python's ipaddress counts as global in part (192.0.0.9 and .10 are anycast
# services, 192.0.0.8 a dummy address): none of them hosts a government website.
SPECIAL_NETWORKS = tuple(ipaddress.ip_network(n) for n in ("192.0.0.0/24", "64:ff9b:1::/48", "2001::/23"))


def parse_networks(specs: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Return networks from texts such as 10.1.0.0/16 or 192.0.2.7; ValueError names the bad one."""
    networks = []
    for spec in specs:
        spec = spec.strip()
        if not spec:
            continue
        try:
            networks.append(ipaddress.ip_network(spec, strict=False))
        except ValueError:
            raise ValueError(f"“{spec}”不是有效的 IP 地址或网段（如 10.1.0.0/16）") from None
    return tuple(networks)


@dataclass(frozen=True)
class AddressPolicy:
    """The allow-list: host names (exact, or *.suffix) and networks that may be reached although private."""

    allowed_hosts: tuple[str, ...] = ()
    allowed_networks: tuple[IPNetwork, ...] = field(default=())

    @classmethod
    def from_settings(cls, hosts: Iterable[str] = (), networks: Iterable[str] = ()) -> AddressPolicy:
        names = tuple(h.strip().lower().rstrip(".") for h in hosts if h.strip())
        return cls(allowed_hosts=names, allowed_networks=parse_networks(networks))

    def host_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        for name in self.allowed_hosts:
            if name.startswith("*.") and host.endswith(name[1:]):
                return True
            if host == name:
                return True
        return False

    def refusal(self, host: str, address: str) -> str | None:
        """Return why `host` may not be reached at `address` (Chinese), or None when it may."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
        if any(ip in network for network in self.allowed_networks):
            return None
        kind = address_kind(ip)
        if kind is None:
            return None
        if kind != "云平台元数据地址" and self.host_allowed(host):
            return None
        return f"{host} 解析为{kind} {ip}，出于安全考虑不访问（可在设置中允许内网主机）"


def address_kind(ip: IPAddress) -> str | None:
    """Return what kind of non-public address this is (Chinese), or None for a public address."""
    if ip in METADATA_ADDRESSES:
        return "云平台元数据地址"
    if ip.is_loopback:
        return "本机回环地址"
    if ip.is_link_local:
        return "链路本地地址"
    if ip.is_multicast:
        return "组播地址"
    if ip.is_unspecified:
        return "未指定地址"
    if ip.is_private:
        return "内网地址"
    special = any(ip in n for n in SPECIAL_NETWORKS if n.version == ip.version)
    if ip.is_reserved or not ip.is_global or special:
        return "保留地址"
    return None
