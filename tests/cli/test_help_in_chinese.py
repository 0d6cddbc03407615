"""Every help page of the nianbao command reads in Chinese: click's own headings and phrases included."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from nianbao.cli.main import cli

ENGLISH = ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message", "Show the version")
ENGLISH += ("[required]", "[default:", "[OPTIONS]", "COMMAND [ARGS]")


def _paths(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    # `manage` hands its arguments to Django's own management commands, whose help is Django's.
    found = [path] if path != ("manage",) else []
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            found += _paths(command.get_command(ctx, name), (*path, name))
    return found


def test_every_lazily_loaded_command_has_the_name_it_is_listed_under():
    from nianbao.cli.main import COMMANDS

    ctx = click.Context(cli)
    assert [cli.get_command(ctx, name).name for name, _, _ in COMMANDS] == [name for name, _, _ in COMMANDS]


@pytest.mark.parametrize("path", _paths(cli), ids=lambda p: " ".join(p) or "nianbao")
def test_the_help_page_is_in_chinese(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith(f"用法：nianbao {' '.join(path)}".rstrip())
    assert "选项：" in result.output and "显示本帮助并退出。" in result.output
    assert not [phrase for phrase in ENGLISH if phrase in result.output]


def test_defaults_required_options_and_subcommands_are_named_in_chinese():
    logstats = CliRunner().invoke(cli, ["logstats", "--help"]).output
    assert "[必填]" in logstats and "[默认：auto]" in logstats
    top = CliRunner().invoke(cli, ["--help"]).output
    assert top.startswith("用法：nianbao [选项] 子命令 [参数]...") and "\n子命令：\n" in top
    assert CliRunner().invoke(cli, ["--version"]).output.startswith("nianbao 版本 ")


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], ["help"]])
def test_manage_explains_its_common_commands_in_chinese_before_listing_djangos(args):
    result = CliRunner().invoke(cli, ["manage", *args])
    assert result.exit_code == 0
    assert result.output.startswith("用法：nianbao manage 子命令 [参数]...")
    assert "createsuperuser    创建系统管理员账号" in result.output
    # Django's whole list follows, one command per line.
    listed = {line.strip() for line in result.output.split("全部子命令：\n", 1)[1].splitlines()}
    assert {"migrate", "createsuperuser", "clearsessions", "collectstatic"} <= listed
    assert "Type 'nianbao manage help" not in result.output
