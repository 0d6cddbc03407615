"""`nianbao import FOLDER`: every report file converted, one line per file, the bad ones named and skipped."""

from click.testing import CliRunner

from nianbao.cli.main import cli
from nianbao.io.json import read_report
from seed_fixture import seed_bytes, seed_report


def _folder(tmp_path):
    folder = tmp_path / "报表"
    folder.mkdir()
    (folder / "甲.txt").write_bytes(seed_bytes())
    (folder / "乙.txt").write_bytes(seed_bytes().decode("utf-8").encode("gb18030"))
    (folder / "空.txt").write_bytes(b"")
    (folder / "坏.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "说明.md").write_text("不是报表")
    return folder


def test_each_file_gets_a_line_and_the_good_ones_are_converted(tmp_path):
    folder = _folder(tmp_path)
    out = tmp_path / "输出"
    result = CliRunner().invoke(cli, ["import", str(folder), "--to", "json", "-o", str(out)])
    lines = result.stdout.splitlines()
    # 乙 坏 甲 空 说明.md, sorted by name: every file has its line, the one not read says why
    assert [line.split()[0] for line in lines[:-1]] == ["成功", "失败", "成功", "失败", "跳过"]
    assert "坏.txt：不是文本文件" in lines[1]
    assert "空.txt：文件为空" in lines[3]
    assert lines[4].startswith("跳过  说明.md：不支持的文件类型“.md”，可读取：")
    assert lines[-1] == "共 4 个文件：成功 2 个，失败 2 个；另跳过 1 项（见上）。"
    assert result.exit_code == 2
    assert read_report(out / "甲.json") == seed_report()
    assert read_report(out / "乙.json") == seed_report()


def test_a_folder_of_good_files_exits_0_and_defaults_to_a_sibling_folder(tmp_path):
    folder = tmp_path / "好"
    folder.mkdir()
    (folder / "甲.txt").write_bytes(seed_bytes())
    result = CliRunner().invoke(cli, ["import", str(folder), "--to", "csv"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "好-csv" / "甲.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_folder_without_report_files_is_bad_input(tmp_path):
    result = CliRunner().invoke(cli, ["import", str(tmp_path)])
    assert result.exit_code == 2
    assert "文件夹中没有可读取的报表文件" in result.stderr


def test_a_progress_bar_is_drawn_only_on_a_terminal(tmp_path, monkeypatch):
    from nianbao.cli import importing

    folder = tmp_path / "表"
    folder.mkdir()
    (folder / "甲.txt").write_bytes(seed_bytes())
    plain = CliRunner().invoke(cli, ["import", str(folder), "-o", str(tmp_path / "a")])
    assert "导入" not in plain.stderr
    monkeypatch.setattr(importing, "on_terminal", lambda: True)
    shown = CliRunner().invoke(cli, ["import", str(folder), "-o", str(tmp_path / "b")])
    assert "导入" in shown.stderr
    assert shown.exit_code == 0


def test_every_file_not_read_is_listed_with_the_reason(tmp_path):
    folder = tmp_path / "混合"
    (folder / "子目录").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("x")
    (folder / "甲.txt").write_bytes(seed_bytes())
    (folder / "子目录" / "乙.txt").write_bytes(seed_bytes())
    (folder / "旧版.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "照片.JPG").write_bytes(b"\xff\xd8")
    (folder / "无扩展名").write_text("x")
    (folder / ".隐藏.txt").write_bytes(seed_bytes())
    out = folder / "导出"  # the output folder inside the input folder is not read back in
    first = CliRunner().invoke(cli, ["import", str(folder), "-o", str(out)])
    assert first.exit_code == 0, first.output
    result = CliRunner().invoke(cli, ["import", str(folder), "-o", str(out)])
    skipped = {line.split("：")[0].removeprefix("跳过  "): line for line in result.stdout.splitlines()}
    assert "不支持的文件类型“.doc”" in skipped["旧版.doc"]
    assert "不支持的文件类型“.JPG”" in skipped["照片.JPG"]
    assert "不支持的文件类型（无扩展名）" in skipped["无扩展名"]
    assert skipped[".隐藏.txt"].endswith("隐藏文件")
    assert skipped[".git/"].endswith("隐藏文件夹，未读取其中的文件")
    assert skipped["导出/"].endswith("这是本次的输出文件夹")
    assert "成功  子目录/乙.txt" in result.stdout
    assert result.stdout.splitlines()[-1] == "共 2 个文件：成功 2 个，失败 0 个；另跳过 6 项（见上）。"
