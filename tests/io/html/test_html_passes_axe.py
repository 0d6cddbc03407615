"""The published page passes axe-core (WCAG 2.1 A and AA) in Debian's Chromium."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from nianbao.io.html import HtmlWriter
from tests.io.samples import seed_like

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def browser(chromium):
    return chromium  # the run's shared Chromium (tests/conftest.py)


def _violations(browser, html: bytes, viewport: dict[str, int]) -> list[str]:
    page = browser.new_page(viewport=viewport)
    page.set_content(html.decode("utf-8"))
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    page.close()
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 740}])
def test_it_has_no_wcag_violations(browser, viewport):
    html = HtmlWriter().write(seed_like(), appendix=True)
    assert _violations(browser, html, viewport) == []


def test_the_page_body_does_not_scroll_sideways_on_a_phone(browser):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.set_content(HtmlWriter().write(seed_like()).decode("utf-8"))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert overflow <= 0
