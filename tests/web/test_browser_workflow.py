"""End to end in Debian's Chromium against `nianbao serve --demo` (waitress): fill, fail, fix, submit, return,
resubmit, review, approve, publish — each step by the person whose job it is."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "nianbao-demo"  # the demo staff's password (nianbao.web.demo.DEMO_PASSWORD)
# The demo server (`server`) and Chromium (`browser`) are shared by every browser test of the session:
# see tests/web/conftest.py.


def item(page, key):
    return page.locator(f'[id="v-{key}"]')


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")


def explain_warnings(page):
    for note in page.locator('textarea[name^="note:"]').all():
        note.fill("已核实，数据无误")


def test_a_report_goes_from_draft_to_published_in_the_browser(server, browser):
    page = browser.new_page()
    page.set_default_timeout(15_000)
    # 填报人: open the draft, type a non-number, see the live check, save, fail to submit, fix, submit.
    sign_in(page, server, "site08_filler")
    page.locator("tbody tr").first.get_by_role("link").click()  # newest year first
    report_url = page.url
    item(page, "access.uv").fill("很多")
    page.locator('[id="f-access.uv"] li.error').wait_for()
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("草稿已保存").wait_for()
    assert item(page, "access.uv").input_value() == "很多"  # nothing typed is lost
    page.get_by_role("button", name="保存并提交").click()
    page.get_by_text("未能提交").wait_for()
    item(page, "access.uv").fill("1000")
    page.locator('[id="f-access.uv"] li.error').wait_for(state="detached")  # the live check clears it
    explain_warnings(page)
    page.get_by_role("button", name="保存并提交").click()
    page.get_by_text("报表已提交").wait_for()
    assert page.locator("#report-state").inner_text() == "已提交"
    sign_out(page)

    # 审核人: return it with a reason on one item.
    sign_in(page, server, "site08_reviewer")
    page.goto(report_url)
    page.fill("#return-reason", "网站总访问量需按新口径重新统计")
    page.locator('[id="item-access.pv"] summary').click()  # item comments open on demand
    page.locator('input[name="comment:access.pv"]').fill("请按新口径统计PV")
    page.get_by_role("button", name="退回修改").click()
    page.get_by_text("已退回填报人修改").wait_for()
    sign_out(page)

    # 填报人: sees exactly what to fix, fixes it, resubmits.
    sign_in(page, server, "site08_filler")
    page.goto(report_url)
    page.get_by_text("退回意见：请按新口径统计PV").wait_for()
    item(page, "access.pv").fill("999999")
    explain_warnings(page)
    page.get_by_role("button", name="保存并提交").click()
    page.get_by_text("报表已提交").wait_for()
    sign_out(page)

    # 审核人 reviews; 单位负责人 approves and records the publication.
    sign_in(page, server, "site08_reviewer")
    page.goto(report_url)
    page.get_by_role("button", name="审核通过").click()
    page.get_by_text("已审核通过").wait_for()
    sign_out(page)
    sign_in(page, server, "site08_head")
    page.goto(report_url)
    page.get_by_role("button", name="批准").click()
    page.get_by_text("已批准").first.wait_for()
    page.fill("#published_on", "2021-01-25")
    page.fill("#public_url", "http://site08.demo.example/zwgk/ndbb/2020.html")
    page.get_by_role("button", name="登记公开").click()
    page.get_by_text("已登记公开").wait_for()
    assert page.locator("#report-state").inner_text() == "已公开"
    # Published values are locked: the page shows the official layout, with no input left to type in.
    assert page.locator('input[name^="v:"]').count() == 0
    assert item(page, "access.pv").inner_text() == "999,999"
    page.close()
