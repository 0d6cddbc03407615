import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from . import personas


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the shared cast once; each test runs in a transaction rolled back afterwards."""
    with django_db_blocker.unblock():
        personas.build()


@pytest.fixture
def world(db):
    return personas.load()


@pytest.fixture
def login(client):
    """Return a function that signs a persona in on the test client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


# ---- Browser tests: one `nianbao serve --demo` and one Chromium for the whole session (on first use).


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "NIANBAO_DATABASE_URL")}
    env |= {"NIANBAO_ADMIN_USER": "admin", "NIANBAO_ADMIN_PASSWORD": "e2e-admin-口令"}
    data_dir = tmp_path_factory.mktemp("serve")
    command = [sys.executable, "-c", "from nianbao.cli.main import main; main()", "serve", "--demo"]
    command += ["--port", str(port), "--data-dir", str(data_dir)]
    log = open(data_dir / "serve.log", "wb")  # noqa: SIM115 — closed after the server stops
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{base}/login/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.close()
            pytest.fail(
                "nianbao serve did not start:\n" + (data_dir / "serve.log").read_text(errors="replace")
            )
        time.sleep(0.5)
    yield base
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def browser(chromium_endpoint):
    """The worker's one Chromium (tests/conftest.py) for a module whose fixtures share pages across tests.

    Playwright's sync API keeps an event loop in this thread while it is connected; Django then refuses
    database calls although they stay synchronous here. The modules using this talk to a demo server in
    another process, so the check is relaxed for the module only and put back after it: a leftover
    DJANGO_ALLOW_ASYNC_UNSAFE would reach later tests' subprocesses (Django's deploy check refuses it).
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            connected = playwright.chromium.connect_over_cdp(chromium_endpoint)
            yield connected
            for context in connected.contexts[1:]:  # the first is Chromium's own default context
                context.close()
            connected.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
