"""The public pages in Debian's Chromium: no axe-core violations (WCAG 2.1 A/AA), in normal and 长者模式,
and 长者模式 switched on from the keyboard, kept across pages.

The pages are rendered by Django's test client from the test database first (with and without the 长者模式
cookie), then served to the browser through Playwright's request routing with their real stylesheets: the
test database lives in the test's transaction, which a server in another thread could not see.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.staticfiles import finders
from django.test import Client

from tests.web.workflow_helpers import to_state

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BASE = "http://testserver"


@pytest.fixture
def site(world):
    """Render every public page the tests visit, in both modes: {(path, elder): (status, headers, body)}."""
    report = to_state(world.report_a, world, "published")
    paths = ["/public/", f"/public/reports/{report.pk}/", "/public/sitemap/", "/public/?q=none-such"]
    paths += [p + ("&" if "?" in p else "?") + "elder=on" for p in paths]
    pages = {}
    for path in paths:
        for elder in (False, True):
            client = Client()
            if elder:
                client.cookies["elder"] = "1"
            response = client.get(path)
            headers = {k.lower(): v for k, v in response.items()}
            cookies = [m.OutputString() for m in response.cookies.values()]
            if cookies:
                headers["set-cookie"] = "\n".join(cookies)
            pages[(path, elder)] = (response.status_code, headers, response.content)
    return {"pages": pages, "report": report, "code": report.website.code}


def _serve(pages):
    def serve(route, request) -> None:
        parts = urlsplit(request.url)
        if parts.path.startswith("/static/"):
            found = finders.find(parts.path.removeprefix("/static/"))
            if not found:
                route.fulfill(status=404, body="")
                return
            kind = "text/css" if found.endswith(".css") else "application/javascript"
            route.fulfill(status=200, body=Path(found).read_bytes(), headers={"content-type": kind})
            return
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        elder = "elder=1" in request.headers.get("cookie", "")
        status, headers, body = pages.get((path, elder), (404, {}, b"not rendered by the test"))
        route.fulfill(status=status, headers=headers, body=body)

    return serve


@pytest.fixture
def page(site, chromium):
    """A page in the worker's shared Chromium (tests/conftest.py)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route(f"{BASE}/**", _serve(site["pages"]))
    yield context.new_page()
    context.close()


def _violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


@pytest.mark.parametrize("elder", [False, True])
def test_the_public_pages_have_no_wcag_violations(site, page, elder):
    if elder:
        page.goto(f"{BASE}/public/?elder=on")
    for path in (
        "/public/",
        f"/public/reports/{site['report'].pk}/",
        "/public/sitemap/",
        "/public/?q=none-such",
    ):
        page.goto(BASE + path)
        assert page.evaluate("document.body.classList.contains('elder')") == elder
        assert _violations(page) == [], path


def test_elder_mode_is_switched_on_from_the_keyboard_and_kept_on_the_next_page(site, page):
    page.goto(f"{BASE}/public/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "elder-toggle":
            break
    assert page.evaluate("document.activeElement.textContent") == "长者模式"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{BASE}/public/?elder=on")
    assert page.evaluate("document.body.classList.contains('elder')")
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= normal * 1.3
    page.goto(f"{BASE}/public/sitemap/")
    assert page.evaluate("document.body.classList.contains('elder')")
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_on_a_phone_the_form_keeps_codes_whole_and_each_value_beside_its_label(site, page, elder):
    # At 390 px the four columns of 基本信息 used to squeeze 标识码 into a quarter of the width, one or two
    # digits a line ("459900000/1"); the form now reflows into label–value pairs, as the standalone page does.
    page.set_viewport_size({"width": 390, "height": 844})
    path = f"/public/reports/{site['report'].pk}/" + ("?elder=on" if elder else "")
    page.goto(BASE + path)
    cell = page.locator('xpath=//th[normalize-space()="政府网站标识码"]/following-sibling::td[1]')
    assert cell.inner_text().strip() == site["code"]
    lines = cell.evaluate(
        """td => { const r = document.createRange(); r.selectNodeContents(td);
                   return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"""
    )
    assert lines == 1, (cell.inner_text(), cell.evaluate("td => td.getBoundingClientRect().width"))
    label_box, value_box = cell.evaluate(
        "td => [td.previousElementSibling.getBoundingClientRect().top, td.getBoundingClientRect().top]"
    )
    assert abs(label_box - value_box) < 2  # side by side, on the same line
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
