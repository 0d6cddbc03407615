"""The staff and public pages in Debian's Chromium against `nianbao serve --demo`, as each role uses them:
the error summary and the returned-items list move the focus to the item, the keyboard focus is never
under a sticky bar, no page scrolls sideways at 390 px (with long values typed in), and axe-core finds no
WCAG 2.1 A/AA violation on any page, signed in or not, at 1280 and 390 px.

The server and the browser are the session's shared ones (tests/web/conftest.py). Reports are picked by
their state on the home page, not by year, and sites other than the workflow test's site08 are used.
"""

from __future__ import annotations

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "nianbao-demo"
ADMIN_PASSWORD = "e2e-admin-口令"  # set for the demo server in tests/web/conftest.py
WIDTHS = (1280, 390)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LONG_URL = "http://site04.demo.example/" + "zwgk/ndbb/" * 12 + "2020-annual-report-of-the-website.html"
LONG_NAME = "演示市自然资源局官方微博" * 8


_sessions: dict[tuple[str, str], dict] = {}  # (server, username) → the browser's cookies after sign-in


def signed_in(browser, base, username, width=1280):
    """Return a page signed in as `username`; supervisors and administrators also enrol a TOTP device.

    The first sign-in's cookies are reused for later pages (other widths): a TOTP code may be used once.
    """
    known = _sessions.get((base, username))
    context = browser.new_context(viewport={"width": width, "height": 900}, storage_state=known)
    page = context.new_page()
    page.set_default_timeout(15_000)
    if known:
        page.goto(f"{base}/")
        return page
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", ADMIN_PASSWORD if username == "admin" else PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if "/security/otp/setup/" in page.url:
        secret = page.locator("code").first.inner_text().strip()
        page.fill("#id_code", pyotp.TOTP(secret).now())
        page.get_by_role("button", name="确认").click()
    page.wait_for_url(f"{base}/")
    _sessions[(base, username)] = context.storage_state()
    return page


def open_report(page, state: str) -> str:
    """Open the first report on the home page whose status is `state` (e.g. 草稿); return its URL."""
    page.locator("tbody tr").filter(has_text=state).first.get_by_role("link").first.click()
    page.wait_for_url("**/reports/*/")
    return page.url


def active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_an_error_summary_link_moves_the_focus_to_the_item(server, browser):
    page = signed_in(browser, server, "site12_filler")
    open_report(page, "草稿")
    page.locator('[id="v-access.uv"]').fill("很多")
    page.locator('[id="v-interaction.messages.closed"]').fill("5")
    page.locator('[id="v-interaction.messages.on_time"]').fill("9")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("草稿已保存").wait_for()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    targets = summary.locator("a[data-focus]").evaluate_all("links => links.map(a => a.dataset.focus)")
    assert "access.uv" in targets
    # 按时办结率 is computed: the error points at the counts it is computed from, never at the rate.
    assert "interaction.messages.on_time_rate" not in targets
    assert {"interaction.messages.on_time", "interaction.messages.closed"} & set(targets)
    rate = page.locator('[id="item-interaction.messages.on_time_rate"]')
    assert "s-error" not in rate.get_attribute("class")
    on_time = page.locator('[id="item-interaction.messages.on_time"]')
    assert "s-error" in on_time.get_attribute("class")
    assert on_time.locator(".state-tag").inner_text() == "有错误"  # not 已填: more than colour says so
    summary.locator('a[data-focus="access.uv"]').click()
    assert active_id(page) == "v-access.uv"
    box = page.locator('[id="v-access.uv"]').bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900
    # The live check keeps the summary and the section list up to date while typing.
    page.locator('[id="v-access.uv"]').fill("1000")
    page.locator('#error-summary a[data-focus="access.uv"]').wait_for(state="detached")
    page.context.close()


def test_a_returned_report_opens_on_the_list_of_returned_items(server, browser):
    page = signed_in(browser, server, "site07_filler")
    open_report(page, "退回")
    returned = page.locator("#returned")
    assert returned.bounding_box()["y"] < 900  # on the first screen, not 10,000 px down
    assert active_id(page) == "ret-h"  # the page opens on it
    link = returned.get_by_role("link", name="用户访问 › 独立用户访问总量")
    assert "请核实UV统计口径" in returned.inner_text()
    link.click()
    assert active_id(page) == "v-access.uv"
    page.context.close()


FOCUS_CHECK = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const hidden = [];
  for (const bar of document.querySelectorAll('.bar, .decision-bar')) {
    if (bar.contains(el)) continue;
    const b = bar.getBoundingClientRect();
    if (r.bottom > b.top + 1 && r.top < b.bottom - 1 && r.right > b.left && r.left < b.right) {
      hidden.push((el.id || el.name || el.tagName) + ' under ' + bar.className);
    }
  }
  if (r.bottom < 0 || r.top > innerHeight) hidden.push((el.id || el.name || el.tagName) + ' off screen');
  return {key: el.id + '|' + el.name + '|' + el.value + '|' + r.top + '|' + scrollY, hidden};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("username", "state"), [("site12_filler", "草稿"), ("site06_reviewer", "已提交")])
def test_keyboard_focus_is_never_hidden_by_a_sticky_bar(server, browser, width, username, state):
    page = signed_in(browser, server, username, width)
    open_report(page, state)
    page.evaluate("window.scrollTo(0, 0); document.body.focus()")
    hidden, stops = [], 0
    for _ in range(700):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_CHECK)
        if found is None:
            break  # the focus left the page: every stop was visited
        stops += 1
        hidden += found["hidden"]
    page.context.close()
    assert stops > 80  # the walk really went through every item (79 on the form)
    assert hidden == []


@pytest.fixture(scope="module")
def long_values(server, browser):
    """Type long values where people can type them: a long name in a draft, a long 公开网址 at publication."""
    page = signed_in(browser, server, "site12_filler")
    draft = open_report(page, "草稿")
    page.locator('[id="v-media.weibo.name"]').fill(LONG_NAME)
    page.locator('[id="v-media.app.url"]').fill(LONG_URL)
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("草稿已保存").wait_for()
    page.context.close()
    page = signed_in(browser, server, "site04_head")
    published = open_report(page, "已批准")
    page.fill("#published_on", "2021-01-25")
    page.fill("#public_url", LONG_URL)
    page.get_by_role("button", name="登记公开").click()
    page.get_by_text("已登记公开").wait_for()
    public_id = page.locator("a[href*='/public/reports/']")
    public_url = public_id.first.get_attribute("href") if public_id.count() else None
    page.context.close()
    return {"draft": draft, "published": published, "public": public_url}


def pages_to_visit(long_values):
    """(user or None, path) of every page to check, in every mode: editing, returned, review, read-only."""
    draft, published = long_values["draft"], long_values["published"]
    report_id = published.rstrip("/").rsplit("/", 1)[1]
    return [
        (None, "/login/"),
        (None, "/public/"),
        (None, "/public/?elder=on"),
        (None, f"/public/reports/{report_id}/"),
        (None, f"/public/reports/{report_id}/?elder=on"),
        (None, "/public/sitemap/"),
        (None, "/public/?q=none-such"),
        (None, "/public/reports/999999/"),
        ("site12_filler", "/"),
        ("site12_filler", draft),
        ("site12_filler", draft + "history/"),
        ("site12_filler", "/registry/websites/"),
        ("site12_filler", "/oversight/notifications/"),
        ("site12_filler", "/no-such-page/"),
        ("site07_filler", "state:退回"),
        ("site06_reviewer", "state:已提交"),
        ("site04_head", published),
        ("site04_head", published + "history/"),
        ("demo_supervisor", "/oversight/"),
        ("demo_supervisor", "/oversight/checks/"),
        ("demo_supervisor", "/oversight/aggregates/"),
        ("demo_supervisor", "/oversight/aggregates/?item=access.uv"),
        ("demo_supervisor", "/registry/import/"),
        ("demo_supervisor", "/periods/open/"),
        ("demo_supervisor", published),
        ("admin", "/registry/people/"),
        ("admin", "/security/locked/"),
        ("admin", "/audit/"),
    ]


def visit_all(server, browser, long_values, width, check):
    problems = []
    pages: dict[str | None, object] = {}
    for user, path in pages_to_visit(long_values):
        if user not in pages:
            if user is None:
                context = browser.new_context(viewport={"width": width, "height": 900})
                pages[user] = context.new_page()
            else:
                pages[user] = signed_in(browser, server, user, width)
        page = pages[user]
        if path.startswith("state:"):
            page.goto(f"{server}/")
            open_report(page, path.removeprefix("state:"))
        else:
            page.goto(path if path.startswith("http") else server + path)
        if user is not None and ("/login/" in page.url or "/security/otp" in page.url):
            problems.append(f"{user} {path}: not signed in ({page.url})")
            continue
        problems += [f"{user} {path}: {p}" for p in check(page)]
    for page in pages.values():
        page.context.close()
    return problems


def sideways(page) -> list[str]:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return [f"scrolls sideways by {overflow}px"] if overflow > 0 else []


def axe(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def test_no_page_scrolls_sideways_at_390_px_with_long_values(server, browser, long_values):
    problems = visit_all(server, browser, long_values, 390, sideways)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_has_no_axe_violations(server, browser, long_values, width):
    problems = visit_all(server, browser, long_values, width, axe)
    assert problems == [], "\n".join(problems)
