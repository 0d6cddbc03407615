"""A real HTTP(S) server on 127.0.0.1 that plays the websites a publication check meets.

Every page is generated here from a report with the project's own writers (nianbao.io registry), so the
tests compare what the readers make of real layouts with the approved values.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import http.server
import ipaddress
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from nianbao.io.registry import get_writer
from nianbao.report import Report
from nianbao.report.values import Value

# The two figures the "changed" page publishes differently from the approved report.
CHANGED = {"access.pv": 999999, "info.total": 12345}

Response = tuple[int, dict[str, str], bytes]


def changed_copy(report: Report) -> Report:
    copy = Report(report.template, dict(report.values))
    for key, number in CHANGED.items():
        copy.set(key, Value.of(number))
    return copy


def article(title: str, body: str) -> bytes:
    """Return a plain government-site article page around some HTML."""
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body><nav><a href='/'>首页</a> <a href='/news/'>政务动态</a></nav>"
        f"<h1>{title}</h1><div class='content'>{body}</div><footer>主办单位：测试市人民政府办公室</footer>"
        "</body></html>"
    ).encode()


@dataclass
class Site:
    """The routes of the test website: path → (status, headers, body) or a function of the handler."""

    routes: dict[str, Response | Callable] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)  # ends the slow responses
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, user agent)


def build_site(approved: Report, huge_bytes: int, slow_seconds: float) -> Site:
    html, docx, pdf, xlsx = (get_writer(f).write(approved) for f in ("html", "docx", "pdf", "xlsx"))
    html_type = {"Content-Type": "text/html; charset=utf-8"}
    site = Site()
    link = "<p>附件：<a href='{href}'>{text}</a></p>"

    def slow(handler: http.server.BaseHTTPRequestHandler) -> Response:
        site.release.wait(slow_seconds)
        return 200, html_type, html

    def huge(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.end_headers()  # no Content-Length: the client has to stop reading by itself
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        sent = 0
        try:
            while sent < huge_bytes:
                handler.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        handler.close_connection = True

    site.routes.update(
        {
            "/": (200, html_type, article("首页", "<a href='/report.html'>2020年政府网站工作年度报表</a>")),
            "/home-nolink.html": (200, html_type, article("首页", "<a href='/news/1.html'>工作动态</a>")),
            "/home-column.html": (200, html_type, article("首页", "<a href='/nb/'>政府网站工作年度报表</a>")),
            "/nb/": (200, html_type, article("年度报表", "<a href='/report.html'>2020年度</a>")),
            "/home-empty-column.html": (200, html_type, article("首页", "<a href='/nb-empty/'>年度报表</a>")),
            "/nb-empty/": (200, html_type, article("年度报表", "<p>暂无</p>")),
            "/report.html": (200, html_type, html),
            "/docx-page.html": (
                200,
                html_type,
                article("年报", link.format(href="/files/2020年报.docx", text="2020年度报表（Word）")),
            ),
            "/files/2020年报.docx": (
                200,
                {"Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
                docx,
            ),
            "/pdf-page.html": (
                200,
                html_type,
                article("年报", link.format(href="/files/report.pdf", text="政府网站工作年度报表")),
            ),
            "/files/report.pdf": (200, {"Content-Type": "application/pdf"}, pdf),
            "/xlsx-page.html": (200, html_type, article("年报", link.format(href="/r.xlsx", text="下载"))),
            "/r.xlsx": (200, {"Content-Type": "application/octet-stream"}, xlsx),
            "/changed.html": (200, html_type, get_writer("html").write(changed_copy(approved))),
            "/noreport.html": (200, html_type, article("通知公告", "<p>关于开展春季植树活动的通知。</p>")),
            "/slow.html": slow,
            "/loop-a": (302, {"Location": "/loop-b"}, b""),
            "/loop-b": (302, {"Location": "/loop-a"}, b""),
            "/hop.html": (301, {"Location": "/report.html"}, b""),
            "/huge.html": huge,
            "/to-private": (302, {"Location": "http://10.255.255.1/report.html"}, b""),
            "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
            "/bomb.html": (
                200,
                {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                gzip.compress(b"\0" * (8 * huge_bytes or 2**20), compresslevel=9),
            ),
        }
    )
    return site


class Handler(http.server.BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        path = unquote(self.path.split("?", 1)[0])
        self.site.requests.append((path, self.headers.get("User-Agent", "")))
        route = self.site.routes.get(path)
        if route is None:
            route = (404, {"Content-Type": "text/html; charset=utf-8"}, article("404", "页面不存在"))
        if callable(route):
            route = route(self)
            if route is None:
                return
        status, headers, body = route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def serve(site: Site, tls: ssl.SSLContext | None = None) -> tuple[Server, threading.Thread]:
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = Server(("127.0.0.1", 0), handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, thread


def self_signed_context(directory: Path) -> ssl.SSLContext:
    """Return a server TLS context with a certificate for localhost/127.0.0.1 that nobody has signed."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context
