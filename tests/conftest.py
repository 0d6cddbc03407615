"""Suite-wide test settings."""

import os
import re
import subprocess
import threading

import pytest
from hypothesis import HealthCheck, settings

# The machines that run these tests are shared: a per-example deadline turns load into failures, so
# examples are bounded by max_examples instead. In CI the examples are derandomised, so a landing run
# is reproducible; locally they vary, to keep finding new cases.
settings.register_profile(
    "nianbao",
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("nianbao")


# Expensive things shared by the whole run. Under pytest-xdist "session" means once per worker process.
CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright downloads no browser


@pytest.fixture(scope="session")
def chromium_endpoint(tmp_path_factory):
    """One headless Chromium per test process, reached over the DevTools protocol; its address."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--remote-debugging-port=0",
        f"--user-data-dir={profile}",
    ]
    process = subprocess.Popen([*command, "about:blank"], stderr=subprocess.PIPE, text=True)
    try:
        endpoint = None
        assert process.stderr is not None
        for line in process.stderr:  # Chromium prints the address once it listens
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            if found:
                endpoint = found.group(1)
                break
        assert endpoint, "Chromium did not start (installed by scripts/install-system-packages.sh)"
        # Keep reading its messages, so that a full pipe never stops it.
        reader = threading.Thread(target=process.stderr.read, daemon=True)
        reader.start()
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stderr is not None:
            if "reader" in locals():
                reader.join(timeout=10)
            process.stderr.close()


@pytest.fixture
def chromium(chromium_endpoint):
    """The shared Chromium as a Playwright Browser for one test; give each test its own new_context().

    Connected anew for every test and let go after it: while Playwright's synchronous API is active it keeps
    an event loop running in the thread, and Django refuses database calls there (SynchronousOnlyOperation).
    So do the test's database work before using the browser, as the tests here do.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(chromium_endpoint)
        yield browser
        for context in browser.contexts[1:]:  # the first is Chromium's own default context
            context.close()
        browser.close()
