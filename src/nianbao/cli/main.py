"""The `nianbao` command. Each subcommand lives in its own module and is registered in COMMANDS."""

from __future__ import annotations

import importlib
import os
import sys

import click

from nianbao.cli.chinese_help import VERSION_MESSAGE, use_chinese_help
from nianbao.cli.usage import ChineseGroup

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
    ("importing", "import_"),
    ("validate", "validate"),
    ("verify_publication", "verify_publication"),
]


@click.group(name="nianbao", cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nianbao", message=VERSION_MESSAGE)
def cli() -> None:
    """nianbao（年报）：政府网站工作年度报表的填报、校验、版式与取证工具。"""


for module_name, attr in COMMANDS:
    cli.add_command(getattr(importlib.import_module(f"nianbao.cli.{module_name}"), attr))
use_chinese_help(cli)


def main() -> None:
    """Run the command line; an unexpected error becomes a Chinese message and exit 2, not a traceback."""
    try:
        cli()
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        sys.exit(130)
    except Exception as exc:  # the last guard: a user must never see a traceback
        if os.environ.get("NIANBAO_DEBUG"):
            raise
        click.echo(
            f"错误：发生了意外的内部错误（{type(exc).__name__}：{exc}）。"
            "请把命令和输入文件反馈给维护者；设置环境变量 NIANBAO_DEBUG=1 可显示详细的出错位置。",
            err=True,
        )
        sys.exit(2)
