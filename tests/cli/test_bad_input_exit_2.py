"""Bad input gives a Chinese message on stderr and exit code 2, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nianbao.cli import main as cli_main
from nianbao.cli.main import cli


@pytest.mark.parametrize("command", ["import", "validate"])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "不是文本文件"),
        ("会议纪要\n\n今天讨论了网站改版。\n".encode(), "未找到报表内容"),
    ],
    ids=["empty", "binary", "not-a-report"],
)
def test_unusable_files_exit_2_with_a_chinese_message(tmp_path, command, content, message):
    path = tmp_path / "输入.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, [command, str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：输入.txt：")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", ["import", "validate"])
def test_a_missing_path_exits_2(tmp_path, command):
    result = CliRunner().invoke(cli, [command, str(tmp_path / "没有.txt")])
    assert result.exit_code == 2
    assert "文件不存在" in result.stderr


def test_an_unexpected_error_becomes_a_message_and_exit_2(monkeypatch, capsys):
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_main, "cli", broken)
    monkeypatch.delenv("NIANBAO_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        cli_main.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "意外的内部错误（RuntimeError：boom）" in err
    assert "NIANBAO_DEBUG=1" in err


def test_the_traceback_shows_only_when_debugging(monkeypatch):
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli_main, "cli", broken)
    monkeypatch.setenv("NIANBAO_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        cli_main.main()


def test_the_installed_console_script_reports_a_binary_file_and_exits_2(tmp_path):
    script = Path(sys.executable).with_name("nianbao")
    path = tmp_path / "图片.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    env = {k: v for k, v in os.environ.items() if k != "NIANBAO_DEBUG"}
    done = subprocess.run(
        [str(script), "validate", str(path)], capture_output=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 2
    stderr = done.stderr.decode("utf-8")
    assert "图片.txt：不是文本文件" in stderr
    assert "Traceback" not in stderr
