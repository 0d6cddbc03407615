"""`nianbao manage ...`: Django's management commands, for administrators."""

from __future__ import annotations

import click

from nianbao.cli.django_setup import setup_django


@click.command(
    "manage",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """运行 Django 管理命令，例如 nianbao manage createsuperuser、nianbao manage migrate。"""
    from django.core.management import execute_from_command_line

    setup_django()
    execute_from_command_line(["nianbao manage", *args])
