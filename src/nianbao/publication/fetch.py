"""One safe GET of a page or document from a website, with every hop checked.

urllib3 is used because it lets the connection go to an address we chose while the TLS handshake and the
certificate check use the site's name (server_hostname / assert_hostname): the name is resolved once, the
addresses are checked by the guard, and that very address is connected to, so a second lookup cannot
swap in another (DNS rebinding). Redirects are followed by hand, so each new address is checked too.
"""

from __future__ import annotations

import errno
import hashlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from nianbao import __version__
from nianbao.publication.addresses import AddressPolicy

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
_SAFE = "/%:@!$&'()*+,;=-._~"

# Why a fetch failed; the Chinese label is what the pages and the CLI show.
REASONS = {
    "bad_url": "网址无效",
    "dns": "域名无法解析",
    "forbidden": "地址不允许访问",
    "refused": "连接被拒绝",
    "connection": "连接失败",
    "timeout": "超时",
    "certificate": "证书错误",
    "tls": "加密连接失败",
    "status": "状态码错误",
    "redirects": "重定向过多",
    "too_large": "超过大小上限",
}

Resolver = Callable[[str, int], list[str]]


class FetchError(Exception):
    """A fetch that failed: `reason` is a key of REASONS, the message says what happened, in Chinese."""

    def __init__(self, reason: str, message: str, *, url: str = "", chain: tuple[str, ...] = ()):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.url = url
        self.chain = chain
        self.status: int | None = None


_lookups = ThreadPoolExecutor(max_workers=8, thread_name_prefix="nianbao-dns")


def system_resolver(timeout: float) -> Resolver:
    """Return a resolver using the system's; a lookup that hangs is abandoned after `timeout` seconds."""

    def resolve(host: str, port: int) -> list[str]:
        future = _lookups.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
        try:
            infos = future.result(timeout=timeout)
        except FutureTimeout:
            raise FetchError("timeout", f"解析域名 {host} 超时（{timeout:g} 秒）") from None
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError("dns", f"域名 {host} 无法解析（{exc}）") from None
        addresses: list[str] = []
        for _family, _type, _proto, _name, sockaddr in infos:
            if sockaddr[0] not in addresses:
                addresses.append(str(sockaddr[0]))
        return addresses

    return resolve


@dataclass(frozen=True)
class FetchPolicy:
    """How carefully to fetch: limits, the user agent, the address guard. Defaults suit public sites."""

    contact_url: str = ""  # where a site's webmaster learns who is fetching, and why
    request_timeout: float = 15.0  # one request, connection to last byte
    check_timeout: float = 60.0  # one report's whole check, every request together
    connect_timeout: float = 5.0
    max_bytes: int = 20 * 2**20
    evidence_bytes: int = 5 * 2**20
    max_redirects: int = 5
    max_attachments: int = 3
    addresses: AddressPolicy = field(default_factory=AddressPolicy)
    ca_certs: str | None = None  # a CA bundle for intranet sites; None: the system's certificates
    resolver: Resolver | None = None  # tests and benchmarks map names to addresses; None: the system's

    @property
    def user_agent(self) -> str:
        # Header values travel as Latin-1: the agent stays ASCII.
        contact = f"+{self.contact_url}; " if self.contact_url else ""
        return f"nianbao/{__version__} ({contact}annual report publication check)"

    def resolve(self, host: str, port: int, timeout: float) -> list[str]:
        resolver = self.resolver or system_resolver(timeout)
        try:
            addresses = resolver(host, port)
        except FetchError:
            raise
        except OSError as exc:
            raise FetchError("dns", f"域名 {host} 无法解析（{exc}）") from None
        if not addresses:
            raise FetchError("dns", f"域名 {host} 没有解析到任何地址")
        return addresses


@dataclass
class Fetched:
    """A successful response: where it was asked for, where it ended, and its body (within the limit)."""

    url: str
    final_url: str
    chain: tuple[str, ...]  # every URL requested, the first to the last
    status: int
    content_type: str
    body: bytes
    address: str  # the address connected to for the last hop

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def size(self) -> int:
        return len(self.body)


class HostLimiter:
    """One request at a time per host name: checks of many sites on one platform never pile onto it."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    @contextmanager
    def hold(self, host: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            yield


class Deadline:
    """The time left for one check; every request takes its timeouts from it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.left() <= 0


def fetch(
    url: str,
    policy: FetchPolicy,
    deadline: Deadline | None = None,
    limiter: HostLimiter | None = None,
    accept: str = "text/html,application/xhtml+xml,*/*;q=0.8",
) -> Fetched:
    """GET `url`, following at most policy.max_redirects redirects; FetchError says why it failed."""
    deadline = deadline or Deadline(policy.check_timeout)
    limiter = limiter or HostLimiter()
    chain: list[str] = []
    current = url
    for _hop in range(policy.max_redirects + 1):
        chain.append(current)
        try:
            _status, location, fetched = _request_once(current, policy, deadline, limiter, accept)
        except FetchError as exc:
            exc.url, exc.chain = url, tuple(chain)
            raise
        if location is None:
            assert fetched is not None
            fetched.url, fetched.chain = url, tuple(chain)
            return fetched
        target = urljoin(current, location)
        if target in chain:
            raise FetchError(
                "redirects", f"重定向循环：{target} 又重定向回已访问过的地址", url=url, chain=tuple(chain)
            )
        current = target
    raise FetchError(
        "redirects", f"重定向超过 {policy.max_redirects} 次，已停止跟随", url=url, chain=tuple(chain)
    )


def _split(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError("bad_url", f"网址“{url}”无效") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("bad_url", f"网址“{url}”无效：只能访问 http 或 https 网址")
    try:
        host = parts.hostname.encode("idna").decode("ascii") if not _is_ip(parts.hostname) else parts.hostname
    except UnicodeError:
        raise FetchError("bad_url", f"网址“{url}”中的域名无效") from None
    # Links on Chinese sites often hold raw Chinese file names; they are sent percent-encoded (what is
    # already encoded stays as it is).
    query = f"?{quote(parts.query, safe=_SAFE + '?')}" if parts.query else ""
    target = quote(parts.path or "/", safe=_SAFE) + query
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80), target


def _is_ip(host: str) -> bool:
    try:
        socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
    except OSError:
        return False
    return True


def _request_once(
    url: str, policy: FetchPolicy, deadline: Deadline, limiter: HostLimiter, accept: str
) -> tuple[int, str | None, Fetched | None]:
    """Make one request: (status, redirect location or None, the response when it is not a redirect)."""
    scheme, host, port, target = _split(url)
    if deadline.expired():
        raise FetchError("timeout", f"核验总时间超过 {deadline.seconds:g} 秒，已停止")
    addresses = policy.resolve(host, port, min(policy.connect_timeout, deadline.left()))
    for address in addresses:
        refusal = policy.addresses.refusal(host, address)
        if refusal:
            raise FetchError("forbidden", refusal)
    # Every address was judged above; they are tried in order while a connection cannot be made (a name
    # with an IPv6 address on a server without IPv6, one dead server of several).
    for n, address in enumerate(addresses):
        try:
            return _request_to(address, url, scheme, host, port, target, policy, deadline, limiter, accept)
        except FetchError as exc:
            if exc.reason not in ("refused", "connection") or n == len(addresses) - 1:
                raise
    raise AssertionError("unreachable: the loop returns or raises")


def _request_to(
    address: str,
    url: str,
    scheme: str,
    host: str,
    port: int,
    target: str,
    policy: FetchPolicy,
    deadline: Deadline,
    limiter: HostLimiter,
    accept: str,
) -> tuple[int, str | None, Fetched | None]:
    default_port = 443 if scheme == "https" else 80
    name = f"[{host}]" if ":" in host else host  # an IPv6 literal is bracketed in the Host header
    headers = {
        "Host": name if port == default_port else f"{name}:{port}",
        "User-Agent": policy.user_agent,
        "Accept": accept,
        "Accept-Encoding": "gzip, deflate",
    }
    with limiter.hold(host):
        request_end = time.monotonic() + min(policy.request_timeout, deadline.left())
        left = max(request_end - time.monotonic(), 0.01)
        timeout = urllib3.Timeout(connect=min(policy.connect_timeout, left), read=left)
        if scheme == "https":
            pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
                address,
                port,
                maxsize=1,
                cert_reqs="CERT_REQUIRED",
                ca_certs=policy.ca_certs,
                server_hostname=host,
                assert_hostname=host,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, maxsize=1)
        try:
            response = pool.urlopen(
                "GET",
                target,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                timeout=timeout,
            )
            try:
                status = response.status
                if status in REDIRECT_STATUSES and response.headers.get("Location"):
                    return status, response.headers["Location"], None
                if status >= 400:
                    error = FetchError("status", f"{url} 返回状态码 {status}")
                    error.status = status
                    raise error
                body = _read_limited(response, policy, request_end, deadline, url)
                content_type = response.headers.get("Content-Type", "")
                fetched = Fetched(url, url, (url,), status, content_type, body, address)
                return status, None, fetched
            finally:
                response.release_conn()
                response.close()
        except FetchError:
            raise
        except Exception as exc:  # every network failure becomes a reason; nothing reaches the caller raw
            raise _reason(exc, host, address, port, url) from None
        finally:
            pool.close()


def _read_limited(response, policy: FetchPolicy, request_end: float, deadline: Deadline, url: str) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError("too_large", _too_large(url, policy.max_bytes))
    parts: list[bytes] = []
    total = 0
    for chunk in response.stream(CHUNK, decode_content=True):
        total += len(chunk)
        if total > policy.max_bytes:
            raise FetchError("too_large", _too_large(url, policy.max_bytes))
        parts.append(chunk)
        if time.monotonic() > request_end or deadline.expired():
            raise FetchError("timeout", f"读取 {url} 超时（单次请求上限 {policy.request_timeout:g} 秒）")
    return b"".join(parts)


def _too_large(url: str, limit: int) -> str:
    return f"{url} 的内容超过 {limit / 2**20:g} MB 上限，已停止下载"


def _reason(exc: Exception, host: str, address: str, port: int, url: str) -> FetchError:
    where = f"{host}（{address}:{port}）"
    if isinstance(exc, SSLError | ssl.SSLError):
        text = str(exc)
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate" in text.lower() or "hostname" in text:
            return FetchError("certificate", f"{where} 的 HTTPS 证书无效：{_short(text)}")
        return FetchError("tls", f"与 {where} 建立加密连接失败：{_short(text)}")
    if isinstance(exc, NewConnectionError):
        cause = exc.__context__ or exc.__cause__
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
            return FetchError("refused", f"{where} 拒绝连接")
        if isinstance(cause, TimeoutError | socket.timeout):
            return FetchError("timeout", f"连接 {where} 超时")
        return FetchError("connection", f"无法连接 {where}：{_short(str(cause or exc))}")
    if isinstance(exc, ConnectTimeoutError):
        return FetchError("timeout", f"连接 {where} 超时")
    if isinstance(exc, ReadTimeoutError | TimeoutError | socket.timeout):
        return FetchError("timeout", f"等待 {url} 的响应超时")
    if isinstance(exc, ProtocolError | HTTPError | OSError):
        return FetchError("connection", f"与 {where} 的连接中断：{_short(str(exc))}")
    return FetchError("connection", f"访问 {url} 失败：{_short(str(exc))}")


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
