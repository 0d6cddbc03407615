"""The deployment of docs/deploy.md, for real on 127.0.0.1: Debian's nginx with a self-signed certificate
in front of `nianbao serve` started as the systemd unit starts it, with the guide's settings file. Chromium
logs in over HTTPS; the cookies must be Secure, HttpOnly and SameSite, and the audit trail must record the
browser's address, not the proxy's — even when the browser sends its own X-Forwarded-For.

On one machine the browser and nginx would both connect from 127.0.0.1, and the test could not tell the
two addresses apart. So nginx is made to connect to the application from 127.0.0.3 (`proxy_bind`), and that
is the trusted proxy; everything else is the guide's configuration as written.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from .docs import nginx_site, service_command, settings_file

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROXY_ADDRESS = "127.0.0.3"
ADMIN, PASSWORD = "ops_admin", "Deploy-Test-2021"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


OPENSSL_SELF_SIGNED = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
OPENSSL_SELF_SIGNED += ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]


def self_signed_certificate(folder):
    key, cert = folder / "nianbao.key", folder / "nianbao.crt"
    subprocess.run(
        [*OPENSSL_SELF_SIGNED, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return key, cert


def nginx_config(folder, https_port: int, http_port: int, app_port: int) -> str:
    """The guide's site, moved to test ports and files, inside the smallest nginx.conf that runs it."""
    key, cert = self_signed_certificate(folder)
    site = nginx_site()
    for documented, here in [
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("nianbao.example.gov.cn", "localhost"),
        ("/etc/nginx/ssl/nianbao.crt", str(cert)),
        ("/etc/nginx/ssl/nianbao.key", str(key)),
        ("/var/log/nginx/", f"{folder}/"),
        (
            "proxy_pass http://127.0.0.1:8000;",
            f"proxy_pass http://127.0.0.1:{app_port};\n        proxy_bind {PROXY_ADDRESS};",
        ),
    ]:
        assert documented in site, f"docs/deploy.md's nginx site no longer has {documented!r}"
        site = site.replace(documented, here)
    site = site.replace("https://$host$request_uri", f"https://$host:{https_port}$request_uri")
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read the test's private folder
    return f"""
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    access_log {folder}/access.log;
{site}
}}
"""


def wait_for(url: str, process: subprocess.Popen, log, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError as answer:
            answer.close()
            return  # an answer, even an error page, means it is up
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{url} did not come up:\n" + log.read_text(errors="replace"))
        time.sleep(0.3)


def wait_for_port(port: int, process: subprocess.Popen, log, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"nginx did not listen on {port}:\n" + log.read_text(errors="replace"))
        time.sleep(0.1)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert os.path.exists(nginx), "nginx is installed by scripts/install-system-packages.sh"
    folder = tmp_path_factory.mktemp("deploy")
    app_port, https_port, http_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NIANBAO_", "DJANGO_"))}
    env |= settings_file()
    env |= {
        "NIANBAO_DATA_DIR": str(folder / "data"),
        "NIANBAO_ALLOWED_HOSTS": "localhost",
        "NIANBAO_CSRF_TRUSTED_ORIGINS": f"https://localhost:{https_port}",
        "NIANBAO_TRUSTED_PROXIES": PROXY_ADDRESS,
        "NIANBAO_ADMIN_USER": ADMIN,
        "NIANBAO_ADMIN_PASSWORD": PASSWORD,
        # The administrator would have to bind a second factor first; this test is about the transport.
        "NIANBAO_TOTP_REQUIRED_ROLES": "none",
    }
    del env["NIANBAO_DATABASE_URL"]  # SQLite in the data folder, which the test reads the audit trail from
    args = service_command()
    args[args.index("--port") + 1] = str(app_port)
    app_log = folder / "serve.log"
    with open(app_log, "wb") as out:
        app = subprocess.Popen(
            [sys.executable, "-c", "from nianbao.cli.main import main; main()", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    conf = folder / "nginx.conf"
    conf.write_text(nginx_config(folder, https_port, http_port, app_port), encoding="utf-8")
    with open(folder / "nginx.stderr", "wb") as err:
        proxy = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(folder), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        wait_for(f"http://127.0.0.1:{app_port}/login/", app, app_log)
        wait_for_port(https_port, proxy, folder / "error.log")
        yield {
            "base": f"https://localhost:{https_port}",
            "http": f"http://127.0.0.1:{http_port}",
            "app": f"http://127.0.0.1:{app_port}",
            "database": folder / "data" / "nianbao.sqlite3",
        }
    finally:
        for process in (proxy, app):
            process.terminate()
        for process in (proxy, app):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def audit_addresses(database, action: str) -> list[str]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT client_ip FROM audit_auditrecord WHERE action = ? ORDER BY seq", (action,))
        return [row[0] for row in rows]


def test_logging_in_over_https_sets_secure_cookies_and_records_the_browsers_address(deployment, chromium):
    context = chromium.new_context(ignore_https_errors=True)
    # A browser cannot choose the address recorded: its own X-Forwarded-For is replaced by nginx.
    context.set_extra_http_headers({"X-Forwarded-For": "198.51.100.66"})
    page = context.new_page()
    response = page.goto(f"{deployment['base']}/login/")
    assert response.status == 200
    assert "max-age=31536000" in response.headers["strict-transport-security"]
    page.fill("#id_username", ADMIN)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.url.startswith(deployment["base"])

    cookies = {c["name"]: c for c in context.cookies()}
    session = cookies["__Host-sessionid"]
    assert session["secure"] and session["httpOnly"] and session["sameSite"] == "Lax"
    csrf = cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["sameSite"] == "Lax"
    context.close()

    assert audit_addresses(deployment["database"], "auth.login.ok") == ["127.0.0.1"]


def test_plain_http_is_sent_to_https(deployment):
    request = urllib.request.Request(f"{deployment['http']}/login/", method="HEAD")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request, timeout=10)
    answer.value.close()
    assert answer.value.code == 301
    assert answer.value.headers["Location"].startswith("https://")


def test_forwarding_headers_sent_straight_to_the_application_are_not_believed(deployment):
    # Not through nginx: the peer 127.0.0.1 is no trusted proxy, so its claim to have come over HTTPS
    # counts for nothing and the answer is the redirect to HTTPS.
    request = urllib.request.Request(
        f"{deployment['app']}/login/",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.77", "Host": "localhost"},
    )
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    answer.value.close()
    assert answer.value.code == 301
    assert answer.value.headers["Location"] == "https://localhost/login/"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
