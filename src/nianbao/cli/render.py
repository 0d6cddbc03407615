"""`nianbao render`: read a report in any readable format and write it in the official layout."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from nianbao.io.base import ReadError
from nianbao.io.registry import get_writer, read_path, writer_formats
from nianbao.report.findings import Severity


@click.command("render")
@click.argument("source", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--to", "fmt", required=True, type=click.Choice(writer_formats()), help="输出格式。")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="输出文件（默认：与 FILE 同名、换成输出格式的扩展名，放在当前目录）。",
)
@click.option("--appendix", is_flag=True, help="在报表后附上填写说明。")
@click.option("--keep-traditional", is_flag=True, help="保留繁体字原文（默认转换为简体并提示）。")
def render(source: Path, fmt: str, output: Path | None, appendix: bool, keep_traditional: bool) -> None:
    """把报表 FILE（.txt/.html/.docx/.xlsx/.pdf 等）按官方版式输出为 HTML、Word、Excel 或 PDF。"""
    try:
        result = read_path(source, keep_traditional=keep_traditional)
    except ReadError as exc:
        # 2: the input cannot be used, as for every command that reads reports.
        click.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    for finding in result.findings:
        level = "错误" if finding.severity is Severity.ERROR else "提示"
        click.echo(f"{source.name}：{level}：{finding.message}", err=True)
    if result.report is None:
        click.echo(f"错误：{source.name}：没有读出任何报表内容，未输出。", err=True)
        sys.exit(2)
    writer = get_writer(fmt)
    target = output or Path(source.stem + writer.suffix)
    if target.resolve() == source.resolve():
        click.echo(f"错误：输出文件 {target} 与输入文件相同，请用 -o 指定其他文件名。", err=True)
        sys.exit(1)
    try:
        target.write_bytes(writer.write(result.report, appendix=appendix))
    except OSError as exc:
        click.echo(f"错误：无法写入 {target}（{exc.strerror}）", err=True)
        sys.exit(1)
    click.echo(f"已输出 {target}")
