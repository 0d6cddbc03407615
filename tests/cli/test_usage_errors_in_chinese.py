"""click's own usage errors reach the user in Chinese, with exit code 2 and the help command to run."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from nianbao.cli.main import cli


@pytest.mark.parametrize(
    ("args", "message", "help_command"),
    [
        (["logstats"], "缺少参数 FILES...。", "nianbao logstats --help"),
        (["logstats", "a.log", "--year", "二〇"], "参数 --year 的值“二〇”无效：应为整数。", "logstats"),
        (
            ["logstats", "a.log", "--year", "2020", "--engine", "x"],
            "应为以下之一：auto、native、duckdb、spark",
            "logstats",
        ),
        (["logstats", "a.log", "--yeer", "2020"], "没有选项 --yeer。是否想用 --year？", "logstats --help"),
        (["logstats", "a.log", "--year"], "选项 --year 后面需要给出值。", "--help"),
        (["nosuch"], "没有子命令“nosuch”。", "nianbao --help"),
        (["template", "show", "a", "b", "c"], "多出了无法识别的参数：b c。", "nianbao template show --help"),
        (["validate"], "缺少参数 FILE。", "nianbao validate --help"),
    ],
)
def test_usage_errors_are_in_chinese(args, message, help_command):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：")
    assert message in result.stderr
    assert help_command in result.stderr
    assert "Error" not in result.stderr and "Usage" not in result.stderr


def test_a_chinese_usage_error_of_a_command_is_kept_as_written():
    result = CliRunner().invoke(cli, ["logstats", "a.log", "--year", "2020", "--into", "r.json", "--by-site"])
    assert result.exit_code == 2
    assert "错误：--into 写入单个网站的报表，不能与 --by-site 同用。" in result.stderr


def test_help_and_success_still_exit_0(tmp_path):
    assert CliRunner().invoke(cli, ["--help"]).exit_code == 0
    assert CliRunner().invoke(cli, ["logstats", "--help"]).exit_code == 0
    result = CliRunner().invoke(cli, ["template", "list"])
    assert result.exit_code == 0, result.output


def test_ctrl_c_says_interrupted_and_exits_130(monkeypatch):
    from nianbao.cli import template

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(template.list_templates, "callback", interrupted)
    result = CliRunner().invoke(cli, ["template", "list"])
    assert result.exit_code == 130
    assert "已中断。" in result.stderr
