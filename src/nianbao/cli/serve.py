"""`nianbao serve`: migrate, make the first administrator, collect static files and run the WSGI server."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from nianbao.cli.django_setup import setup_django


def _first_admin(echo: bool = True) -> None:
    """Create the first system administrator from the environment, or ask when a person is at the terminal."""
    from nianbao.web.registry.models import User

    if User.objects.filter(is_superuser=True).exists():
        return
    username = os.environ.get("NIANBAO_ADMIN_USER", "").strip()
    password = os.environ.get("NIANBAO_ADMIN_PASSWORD", "")
    if not (username and password):
        if not sys.stdin.isatty():
            click.echo(
                "提示：尚无系统管理员。请设置 NIANBAO_ADMIN_USER 和 NIANBAO_ADMIN_PASSWORD 后重新运行，"
                "或运行 nianbao manage createsuperuser。",
                err=True,
            )
            return
        click.echo("首次运行：请创建系统管理员账号。")
        username = username or click.prompt("用户名", default="admin")
        password = click.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
    User.objects.create_superuser(username, password=password, display_name="系统管理员")
    if echo:
        click.echo(f"已创建系统管理员 {username}。")


def prepare(demo: bool) -> None:
    """Bring the database up to date, create the first administrator and (with demo) load the demo."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    _first_admin()
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

    from nianbao.web.security.static_headers import add_static_headers

    return WhiteNoise(
        get_wsgi_application(),
        root=str(settings.STATIC_ROOT),
        prefix=settings.STATIC_URL,
        add_headers_function=add_static_headers,
    )


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

    Path(settings.NIANBAO_DATA_DIR).mkdir(parents=True, exist_ok=True)
    prepare(demo)
    from waitress import serve as waitress_serve

    click.echo(f"数据目录：{settings.NIANBAO_DATA_DIR}")
    click.echo(f"年报系统已启动：http://{host}:{port}/  （按 Ctrl+C 停止）")
    waitress_serve(
        wsgi_application(),
        host=host,
        port=port,
        threads=threads,
        connection_limit=connections,
        ident="nianbao",
    )
