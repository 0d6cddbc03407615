"""Output paths: `render` takes the format from -o's extension and refuses a mismatch; every path problem of
render, import and validate is one Chinese message, worded the same in each command, with exit code 2."""

from __future__ import annotations

import errno
import os

import pytest
from click.testing import CliRunner

from nianbao.cli.main import cli
from nianbao.cli.paths import write_problem
from nianbao.io.registry import read_path
from seed_fixture import seed_bytes, seed_report


@pytest.fixture
def seed(tmp_path):
    path = tmp_path / "年报.txt"
    path.write_bytes(seed_bytes())
    return path


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize(
    ("name", "magic"),
    [("报表.pdf", b"%PDF"), ("报表.docx", b"PK"), ("报表.xlsx", b"PK"), ("报表.html", b"<!DOCTYPE")],
)
def test_render_takes_the_format_from_the_output_files_extension(seed, tmp_path, name, magic):
    target = tmp_path / name
    result = run("render", seed, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:9].upper().startswith(magic.upper())
    assert read_path(target).report == seed_report()


def test_render_refuses_a_format_that_contradicts_the_extension(seed, tmp_path):
    result = run("render", seed, "--to", "pdf", "-o", tmp_path / "x.docx")
    assert result.exit_code == 2
    expected = "x.docx：扩展名与 --to pdf 不符（pdf 文件的扩展名应为 .pdf）；请改用 -o x.pdf"
    assert expected + "，或改用 --to docx" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_render_without_a_format_or_a_telling_extension_asks_for_one(seed, tmp_path):
    unknown = run("render", seed, "-o", tmp_path / "x.odt")
    assert unknown.exit_code == 2 and "无法从扩展名“.odt”判断输出格式，请用 --to 指定" in unknown.stderr
    neither = run("render", seed)
    assert neither.exit_code == 2 and "请用 --to 指定输出格式，或用 -o 给出带扩展名" in neither.stderr


def _problems(tmp_path):
    """Each kind of output-path problem, the path to give and the words the message must say."""
    locked = tmp_path / "只读"
    locked.mkdir()
    locked.chmod(0o555)
    folder = tmp_path / "已有文件夹.json"
    folder.mkdir()
    return [
        (tmp_path / "没有这个文件夹" / "x.json", "输出文件夹", "不存在，请先创建它或换一个位置"),
        (folder, "", "这是一个文件夹，不是文件"),
        (locked / "x.json", "", "没有写入权限"),
    ]


@pytest.mark.parametrize("command", ["render", "import"])
def test_every_output_path_problem_is_one_chinese_line_and_exit_2_in_each_command(seed, tmp_path, command):
    for target, first, last in _problems(tmp_path):
        if "只读" in str(target) and os.access(target.parent, os.W_OK):
            continue  # as root, permissions do not stop writing: the wording is checked in the next test
        if command == "render":
            result = run("render", seed, "--to", "json", "-o", target)
        else:
            result = run("import", seed, "-o", target)
        assert result.exit_code == 2, (command, target, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"错误：{target}：") and first in lines[0] and last in lines[0], lines[0]
        assert "Traceback" not in result.output and "Errno" not in result.output


@pytest.mark.parametrize("code", [errno.EACCES, errno.EPERM, errno.EROFS])
def test_a_write_refused_by_the_system_is_worded_as_a_permission_problem(tmp_path, code):
    target = tmp_path / "x.pdf"
    assert write_problem(target, OSError(code, os.strerror(code))) == f"{target}：没有写入权限"


def test_validate_render_and_import_word_a_folder_given_as_a_file_the_same(tmp_path):
    folder = tmp_path / "一个文件夹.txt"
    folder.mkdir()
    source = tmp_path / "x.txt"
    source.write_bytes(seed_bytes())
    for args in (["validate", folder], ["render", folder, "--to", "pdf"], ["render", source, "-o", folder]):
        result = run(*args)
        assert result.exit_code == 2
        assert "这是一个文件夹，不是文件" in result.stderr, (args, result.output)


def test_a_missing_input_is_worded_the_same_by_every_command(tmp_path):
    missing = tmp_path / "没有.txt"
    for args in (["validate", missing], ["render", missing, "--to", "pdf"], ["import", missing]):
        result = run(*args)
        assert result.exit_code == 2
        assert f"错误：{missing}：文件不存在" in result.stderr, (args, result.output)
