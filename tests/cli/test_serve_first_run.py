"""`nianbao serve` the first time, as a newcomer runs it in a terminal: the demo starts without a question,
a real first run asks for an administrator and applies the password rules, a busy port is said plainly."""

from __future__ import annotations

import http.cookiejar
import re
import socket
import subprocess
import urllib.parse
import urllib.request

import pytest

from .terminal import NIANBAO, Terminal, clean_env

pytestmark = pytest.mark.slow


def _listening_socket():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_busy_port_is_said_in_chinese_with_exit_2_before_anything_claims_to_have_started(tmp_path):
    with _listening_socket() as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*NIANBAO, "serve", "--port", str(port), "--data-dir", str(tmp_path / "data")],
            env=clean_env(),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"端口 {port} 已被占用，请用 --port 指定其他端口" in result.stderr
    assert "已启动" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "OSError" not in result.stderr


def test_a_mistyped_trusted_proxy_is_named_before_the_server_starts(tmp_path):
    result = subprocess.run(
        [*NIANBAO, "serve", "--port", str(_free_port()), "--data-dir", str(tmp_path / "data")],
        env=clean_env(NIANBAO_TRUSTED_PROXIES="127.0.0.1,10.0.0.300"),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "NIANBAO_TRUSTED_PROXIES 中的 '10.0.0.300' 不是 IP 地址或网段" in result.stderr
    assert "已启动" not in result.stdout


def _logs_in(base: str, username: str, password: str) -> bool:
    """Sign in over HTTP as a browser would; True when the server accepted the password."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/", timeout=30).read().decode("utf-8")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(f"{base}/login/", data=form, headers={"Referer": f"{base}/login/"})
    response = opener.open(request, timeout=30)
    # A refused password shows the login page again; an accepted one moves on (the admin's second factor).
    return not response.geturl().rstrip("/").endswith("/login")


def test_the_demo_starts_in_a_terminal_without_a_question_and_prints_a_working_admin_password(tmp_path):
    port = _free_port()
    args = ["serve", "--demo", "--port", str(port), "--data-dir", str(tmp_path / "d")]
    terminal = Terminal(args, clean_env())
    try:
        made = terminal.expect(r"已创建系统管理员 (\S+)，口令 (\S+)（只显示这一次")
        terminal.expect("年报系统已启动")
        assert "用户名" not in terminal.output and "密码:" not in terminal.output
        username, password = made.group(1), made.group(2)
        base = f"http://127.0.0.1:{port}"
        assert _logs_in(base, username, password)
        assert not _logs_in(base, username, password + "x")
    finally:
        terminal.stop()


def test_a_first_run_in_a_terminal_refuses_a_weak_password_with_the_rules_in_chinese(tmp_path):
    port = _free_port()
    terminal = Terminal(["serve", "--port", str(port), "--data-dir", str(tmp_path / "d")], clean_env())
    try:
        terminal.expect("用户名")
        terminal.send("chief")
        terminal.expect("密码")
        terminal.send("1")
        terminal.expect("再次输入密码")
        terminal.send("1")
        refusal = terminal.expect(r"口令不符合规则：(.*)请重新输入").group(1)
        assert "口令至少 8 个字符" in refusal
        assert "这个密码太常见了" in refusal  # Django's CommonPasswordValidator, in Chinese
        assert "已创建" not in terminal.output
        terminal.expect("密码")
        terminal.send("Chief-of-2021")
        terminal.expect("再次输入密码")
        terminal.send("Chief-of-2021")
        terminal.expect("已创建系统管理员 chief。")
        terminal.expect("年报系统已启动")
        assert _logs_in(f"http://127.0.0.1:{port}", "chief", "Chief-of-2021")
    finally:
        terminal.stop()
