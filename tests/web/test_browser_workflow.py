"""End to end in Debian's Chromium against `nianbao serve --demo` (waitress): fill, fail, fix, submit, return,
resubmit, review, approve, publish — each step by the person whose job it is."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "nianbao-demo"  # the demo staff's password (nianbao.web.demo.DEMO_PASSWORD)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
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


@pytest.fixture
def browser(chromium):
    return chromium  # the run's shared Chromium (tests/conftest.py)


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
    assert item(page, "access.pv").is_disabled()  # published values are locked
    page.close()
