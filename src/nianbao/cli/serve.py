"""`nianbao serve`: migrate, make the first administrator, collect static files and run the WSGI server."""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path
from typing import NoReturn

import click

from nianbao.cli.django_setup import setup_django


def _password_problems(username: str, password: str) -> list[str]:
    """Return the password rules' complaints (in Chinese) about `password` for a new `username`."""
    from django.conf import settings
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from nianbao.web.registry.models import User

    with translation.override(settings.LANGUAGE_CODE):
        try:
            validate_password(password, user=User(username=username))
        except ValidationError as exc:
            return [str(message).rstrip("。.") for message in exc.messages]
    return []


def _prompt_admin(username: str) -> tuple[str, str]:
    """Ask the person at the terminal for the administrator's name and a password the rules accept."""
    click.echo("首次运行：请创建系统管理员账号。")
    username = username or click.prompt("用户名", default="admin")
    while True:
        password = click.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
        problems = _password_problems(username, password)
        if not problems:
            return username, password
        click.echo("口令不符合规则：" + "；".join(problems) + "。请重新输入。", err=True)


def _demo_password() -> str:
    """Return a random password that meets the rules: four character classes, 20 characters."""
    import secrets
    import string

    alphabet = string.ascii_letters + string.digits
    body = "".join(secrets.choice(alphabet) for _ in range(16))
    upper, lower = secrets.choice(string.ascii_uppercase), secrets.choice(string.ascii_lowercase)
    return f"{body}-{upper}{lower}{secrets.randbelow(10)}"


def _first_admin(echo: bool = True, demo: bool = False) -> None:
    """Create the first system administrator: from the environment, with a generated password for the demo,
    or by asking when a person is at the terminal. Never waits for input when nobody can answer."""
    from nianbao.web.registry.models import User

    if User.objects.filter(is_superuser=True).exists():
        return
    username = os.environ.get("NIANBAO_ADMIN_USER", "").strip()
    password = os.environ.get("NIANBAO_ADMIN_PASSWORD", "")
    generated = False
    if username and password:
        problems = _password_problems(username, password)
        if problems:
            raise click.UsageError(
                "环境变量 NIANBAO_ADMIN_PASSWORD 不符合口令规则：" + "；".join(problems) + "。"
            )
    elif demo:  # the demo must start without a question: a password made here, shown this once
        username, password, generated = username or "demo_admin", _demo_password(), True
    elif not sys.stdin.isatty():
        click.echo(
            "提示：尚无系统管理员。请设置 NIANBAO_ADMIN_USER 和 NIANBAO_ADMIN_PASSWORD 后重新运行，"
            "或运行 nianbao manage createsuperuser。",
            err=True,
        )
        return
    else:
        username, password = _prompt_admin(username)
    User.objects.create_superuser(username, password=password, display_name="系统管理员")
    if generated:
        click.echo(
            f"已创建系统管理员 {username}，口令 {password}（只显示这一次，请记下；"
            "登录后按页面提示绑定动态口令）。"
        )
    elif echo:
        click.echo(f"已创建系统管理员 {username}。")


def prepare(demo: bool) -> None:
    """Bring the database up to date, create the first administrator and (with demo) load the demo."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    _first_admin(demo=demo)
    if demo:
        from nianbao.web import demo as demo_data

        if demo_data.is_loaded():
            click.echo("演示数据已存在，跳过加载。")
        else:
            counts = demo_data.load_demo()
            click.echo(
                f"已加载演示数据：{counts['websites']} 个网站，{counts['people']} 位演示人员，"
                f"密码均为 {demo_data.DEMO_PASSWORD}（如 site01_filler 填报人、site01_reviewer 审核人、"
                "site01_head 单位负责人、demo_supervisor 监管人员）。"
            )
    call_command("collectstatic", interactive=False, verbosity=0)


def wsgi_application() -> object:
    """Return the Django application with its static files served by WhiteNoise."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from whitenoise import WhiteNoise

    from nianbao.web.security.proxies import forwarding_headers_filter
    from nianbao.web.security.static_headers import add_static_headers

    static = WhiteNoise(
        get_wsgi_application(),
        root=str(settings.STATIC_ROOT),
        prefix=settings.STATIC_URL,
        add_headers_function=add_static_headers,
    )
    return forwarding_headers_filter(static)


@click.command("serve")
@click.option("--demo", is_flag=True, help="先加载演示地区、网站、人员和各种状态的报表")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="监听端口")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="数据目录（数据库、附件、密钥）；默认取 NIANBAO_DATA_DIR，再默认 ~/.local/share/nianbao",
)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="工作线程数")
@click.option(
    "--connections",
    default=1000,
    show_default=True,
    type=click.IntRange(10, 10000),
    help="同时保持的连接数上限（截止日前数百人同时在线，每个浏览器都保持连接）",
)
def serve(demo: bool, host: str, port: int, data_dir: Path | None, threads: int, connections: int) -> None:
    """运行年报系统（生产级 WSGI 服务器 waitress），首次运行时创建数据库和系统管理员。"""
    if data_dir is not None:
        os.environ["NIANBAO_DATA_DIR"] = str(data_dir.expanduser().resolve())
    try:
        setup_django()
    except ValueError as exc:  # a SettingError names the variable at fault
        raise click.ClickException(str(exc)) from None
    from django.conf import settings

    from nianbao.web.security.conf import SecuritySettingError
    from nianbao.web.security.proxies import trusted_proxies

    try:
        trusted_proxies()  # a mistyped proxy address is said now, not as an error on every request
    except SecuritySettingError as exc:
        _fail(str(exc))
    Path(settings.NIANBAO_DATA_DIR).mkdir(parents=True, exist_ok=True)
    _check_port(host, port)  # before the migrations: a busy port is said at once, not after a minute
    prepare(demo)
    from waitress import create_server

    try:
        server = create_server(
            wsgi_application(),
            host=host,
            port=port,
            threads=threads,
            connection_limit=connections,
            ident="nianbao",
            # X-Forwarded-* are kept or dropped by NIANBAO_TRUSTED_PROXIES (forwarding_headers_filter);
            # waitress would drop them all: behind nginx every request would look like HTTP from 127.0.0.1.
            clear_untrusted_proxy_headers=False,
        )
    except OSError as exc:  # taken between the check and now
        _fail(_bind_problem(exc, host, port))
    click.echo(f"数据目录：{settings.NIANBAO_DATA_DIR}")
    click.echo(f"年报系统已启动：http://{host}:{port}/  （按 Ctrl+C 停止）")
    server.run()


def _fail(message: str) -> NoReturn:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


def _bind_problem(exc: OSError, host: str, port: int) -> str:
    """Say in Chinese why the server cannot listen on host:port."""
    if exc.errno == errno.EADDRINUSE:
        return f"端口 {port} 已被占用，请用 --port 指定其他端口"
    if exc.errno == errno.EACCES:
        return f"没有权限监听端口 {port}（1024 以下的端口需要管理员权限），请用 --port 指定 1024 以上的端口"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"本机没有地址 {host}，请用 --host 指定本机的地址（如 127.0.0.1 或 0.0.0.0）"
    return f"无法在 {host}:{port} 上监听（{exc.strerror or exc}）"


def _check_port(host: str, port: int) -> None:
    """Exit 2 with a Chinese message when host:port cannot be listened on (busy, privileged, not ours)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        _fail(f"无法识别监听地址 {host}，请用 --host 指定，如 127.0.0.1 或 0.0.0.0")
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress binds
        try:
            probe.bind(address)
        except OSError as exc:
            _fail(_bind_problem(exc, host, port))
