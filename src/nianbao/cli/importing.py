"""`nianbao import`: read published reports (a file, or a folder of them) and write them as JSON or CSV."""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from pathlib import Path

import click

from nianbao.cli.paths import check_output_file, check_output_folder, fail, write_problem
from nianbao.cli.template_option import template_option
from nianbao.forms.template import Template
from nianbao.io.base import ReadError, ReadResult
from nianbao.io.registry import READERS, get_reader, get_writer, read_path
from nianbao.report.findings import Finding

OUTPUT_FORMATS = ("json", "csv")


def finding_line(name: str, finding: Finding) -> str:
    """Return a finding as one line naming the file: 报表.txt：第221行：[W-…] 警告：…"""
    where = f"第{finding.line}行：" if finding.line is not None else ""
    return f"{name}：{where}[{finding.code}] {finding.severity.label}：{finding.message}"


def on_terminal() -> bool:
    """Return True when stderr is a terminal (where a progress bar helps rather than clutters)."""
    return sys.stderr.isatty()


def readable_suffixes() -> set[str]:
    """Return the file suffixes some reader takes."""
    return {suffix for fmt in READERS for suffix in get_reader(fmt).suffixes}


@click.command("import")
@click.argument("source", metavar="FILE", type=click.Path(path_type=Path))
@click.option(
    "--to", "fmt", type=click.Choice(OUTPUT_FORMATS), default="json", show_default=True, help="输出格式。"
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="输出文件（默认输出到屏幕）；FILE 是文件夹时为输出文件夹（默认：文件夹名加 -json 或 -csv）。",
)
@template_option
def import_(source: Path, fmt: str, output: Path | None, template: Template | None = None) -> None:
    """读取报表 FILE（.txt/.html/.docx/.xlsx/.pdf/.json/.csv），输出为 JSON 或 CSV；FILE 也可以是文件夹。"""
    if source.is_dir():
        _import_folder(source, fmt, output, template)
        return
    if output is not None:
        check_output_file(output)  # before reading: a conversion must not end in a path problem
    try:
        result = read_path(source, template)
    except ReadError as exc:
        fail(str(exc))
        return
    for finding in result.findings:
        click.echo(finding_line(source.name, finding), err=True)
    data = _render(result, fmt)
    if output is None:
        click.echo(data, nl=False)  # bytes go to the binary stream as they are (the CSV's BOM included)
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        fail(write_problem(output, exc))
    click.echo(f"已输出 {output}", err=True)


def _render(result: ReadResult, fmt: str) -> bytes:
    assert result.report is not None
    return get_writer(fmt).write(result.report)


def folder_contents(folder: Path, suffixes: set[str], skip: Path | None) -> tuple[list[Path], dict[str, str]]:
    """Return the report files under `folder` (sorted) and every other entry with why it is skipped.

    Hidden folders (.git and the like) and the output folder are skipped as one entry each, not file by file.
    """
    files: list[Path] = []
    skipped: dict[str, str] = {}
    for root, dirs, names in os.walk(folder):
        here = Path(root)
        for name in sorted(dirs):
            path = here / name
            if name.startswith("."):
                skipped[f"{path.relative_to(folder)}/"] = "隐藏文件夹，未读取其中的文件"
                dirs.remove(name)
            elif skip is not None and path.resolve() == skip:
                skipped[f"{path.relative_to(folder)}/"] = "这是本次的输出文件夹"
                dirs.remove(name)
        for name in names:
            path = here / name
            label = str(path.relative_to(folder))
            if name.startswith("."):
                skipped[label] = "隐藏文件"
            elif path.suffix.lower() not in suffixes:
                kind = f"“{path.suffix}”" if path.suffix else "（无扩展名）"
                skipped[label] = f"不支持的文件类型{kind}，可读取：{'、'.join(sorted(suffixes))}"
            elif not path.is_file():
                skipped[label] = "不是普通文件"
            else:
                files.append(path)
    return sorted(files), skipped


def _import_folder(folder: Path, fmt: str, output: Path | None, template: Template | None) -> None:
    suffixes = readable_suffixes()
    target = output or folder.with_name(f"{folder.name}-{fmt}")
    check_output_folder(target)
    files, skipped = folder_contents(folder, suffixes, target.resolve())
    if not files:
        readable = "、".join(sorted(suffixes))
        fail(f"{folder}：文件夹中没有可读取的报表文件（{readable}），跳过了 {len(skipped)} 项")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(write_problem(target, exc))
    suffix = get_writer(fmt).suffix
    used: set[str] = set()
    failed = 0
    lines: dict[str, str] = {name: f"跳过  {name}：{why}" for name, why in skipped.items()}
    # A progress bar only on a terminal: in a pipe or a log it would be noise.
    bar = click.progressbar(files, label="导入", file=sys.stderr) if on_terminal() else nullcontext(files)
    with bar as items:
        for path in items:
            name = str(path.relative_to(folder))
            try:
                result = read_path(path, template)
                out_name = path.stem + suffix
                if out_name in used:
                    out_name = f"{path.stem}.{path.suffix.lstrip('.')}{suffix}"
                used.add(out_name)
                (target / out_name).write_bytes(_render(result, fmt))
            except ReadError as exc:
                failed += 1
                lines[name] = f"失败  {name}：{str(exc).removeprefix(path.name + '：')}"
                continue
            except OSError as exc:
                failed += 1
                lines[name] = f"失败  {name}：{write_problem(target / out_name, exc)}"
                continue
            errors = sum(1 for f in result.findings if f.is_error)
            notes = f"（{len(result.findings)} 条提示，其中 {errors} 个错误）" if result.findings else ""
            lines[name] = f"成功  {name} → {target / out_name}{notes}"
    for name in sorted(lines):
        click.echo(lines[name])
    summary = f"共 {len(files)} 个文件：成功 {len(files) - failed} 个，失败 {failed} 个"
    click.echo(summary + (f"；另跳过 {len(skipped)} 项（见上）。" if skipped else "。"))
    if failed:
        sys.exit(2)
