"""The client's address, seen through the reverse proxies the operator trusts (NIANBAO_TRUSTED_PROXIES).

Every place that records or limits by address (the audit trail, per-address throttles) calls
client_address(request), so all of them agree on who the client is. X-Forwarded-For and X-Real-IP are
believed only when the connection itself comes from a trusted proxy: anyone else can write those headers.
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Any

from nianbao.web.security.conf import SecuritySettingError, value

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.lru_cache(maxsize=8)
def parse_trusted_proxies(text: str) -> tuple[Network, ...]:
    """Return the networks of a comma-separated list of addresses and CIDRs; a bad entry is named."""
    networks = []
    for part in text.split(","):
        entry = part.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
        except ValueError:
            raise SecuritySettingError(
                f"NIANBAO_TRUSTED_PROXIES 中的 {entry!r} 不是 IP 地址或网段（如 127.0.0.1、10.0.0.0/8、::1）"
            ) from None
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    """Return the trusted proxies now in force (Django setting, else environment, else none)."""
    return parse_trusted_proxies(str(value("NIANBAO_TRUSTED_PROXIES")))


def _address(raw: str) -> Address | None:
    text = raw.strip()
    if text.startswith("[") and "]" in text:  # "[::1]:443" as some proxies write it
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped if mapped is not None else address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request: Any) -> str | None:
    """Return the client's IPv4/IPv6 address for `request`, or None when there is none.

    The peer address (REMOTE_ADDR) is the answer unless the peer is a trusted proxy. Then the
    X-Forwarded-For chain is read from the right (the entry the nearest proxy appended), skipping trusted
    proxies; the first address that is not one is the client. Without X-Forwarded-For, X-Real-IP is used.
    A header that cannot be read leaves the answer at the last address known for sure.
    """
    if request is None:
        return None
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    networks = trusted_proxies()
    if not networks or not _trusted(peer, networks):
        return str(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded.strip():
        client = peer
        for hop in reversed(forwarded.split(",")):
            address = _address(hop)
            if address is None:
                break
            client = address
            if not _trusted(address, networks):
                break
        return str(client)
    real = _address(request.META.get("HTTP_X_REAL_IP", ""))
    return str(real if real is not None else peer)


# Headers a proxy sets to describe the client's connection. waitress drops them all by default; `nianbao
# serve` hands that decision to this filter instead, so NIANBAO_TRUSTED_PROXIES is the one place to decide.
FORWARDING_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_BY",
    "HTTP_FORWARDED",
    "HTTP_X_REAL_IP",
)


def forwarding_headers_filter(app: Any) -> Any:
    """Wrap a WSGI application: forwarding headers reach it only from a trusted proxy.

    Without this, a client talking to the server directly could claim to have used HTTPS
    (X-Forwarded-Proto, which Django's SECURE_PROXY_SSL_HEADER believes) or to come from elsewhere.
    """

    def filtered(environ: dict[str, Any], start_response: Any) -> Any:
        peer = _address(environ.get("REMOTE_ADDR", ""))
        if peer is None or not _trusted(peer, trusted_proxies()):
            for name in FORWARDING_HEADERS:
                environ.pop(name, None)
        return app(environ, start_response)

    return filtered
