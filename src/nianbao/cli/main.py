"""The `nianbao` command. Each subcommand lives in its own module and is registered in COMMANDS."""

from __future__ import annotations

import importlib

import click

# (module, attribute): each module under nianbao.cli defines one click command or group.
COMMANDS: list[tuple[str, str]] = [
    ("audit", "audit"),
    ("backup", "backup"),
    ("backup", "restore"),
    ("cms", "cms"),
    ("logstats", "logstats"),
    ("messages", "messages"),
    ("serve", "serve"),
    ("manage", "manage"),
    ("render", "render"),
    ("template", "template"),
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nianbao")
def cli() -> None:
    """nianbao（年报）：政府网站工作年度报表的填报、校验、版式与取证工具。"""


for module_name, attr in COMMANDS:
    cli.add_command(getattr(importlib.import_module(f"nianbao.cli.{module_name}"), attr))


def main() -> None:
    """Run the command line."""
    cli()
