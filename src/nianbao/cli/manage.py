"""`nianbao manage ...`: Django's management commands, for administrators."""

from __future__ import annotations

import click

from nianbao.cli.django_setup import setup_django

# Django's own command list and help are English; the administrator first reads, in Chinese, which
# commands matter for nianbao and what each is for.
OVERVIEW = """用法：nianbao manage 子命令 [参数]...

运行 Django 的管理命令，供系统管理员使用。常用的有：
  migrate            升级数据库结构（安装或升级 nianbao 之后运行一次）
  createsuperuser    创建系统管理员账号
  changepassword     重设某个账号的密码
  unlock 用户名      解除账户锁定（例如管理员被他人反复试错锁定时；写入审计记录）
  grant_auditor 用户名  授予审计管理员角色（系统管理员不能在系统中授予；写入审计记录）
  clearsessions      清除已过期的登录会话
  check --deploy     检查生产环境的安全设置
  showmigrations     列出数据库结构的升级记录

某个子命令的详细说明：nianbao manage help 子命令（Django 自带的说明为英文）。

全部子命令：
"""
HELP_ARGS = {(), ("help",), ("--help",), ("-h",)}


@click.command(
    "manage",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """运行 Django 管理命令，例如 nianbao manage createsuperuser、nianbao manage migrate。"""
    from django.core.management import execute_from_command_line, get_commands

    setup_django()
    if args in HELP_ARGS:
        click.echo(OVERVIEW + "".join(f"  {name}\n" for name in sorted(get_commands())), nl=False)
        return
    if args and args[0] == "createsuperuser":
        # The password rules apply here too, with no way to skip them (see strict_superuser).
        from django.core.management import call_command
        from django.core.management.base import CommandError

        from nianbao.web.security.strict_superuser import Command as StrictCreateSuperuser

        try:
            call_command(StrictCreateSuperuser(), *args[1:])
        except CommandError as exc:
            raise click.ClickException(str(exc)) from None
        return
    execute_from_command_line(["nianbao manage", *args])
