"""`nianbao render`: read a report in any readable format and write it in the official layout."""

from __future__ import annotations

from pathlib import Path

import click

from nianbao.cli.paths import check_output_file, fail, write_problem
from nianbao.cli.template_option import template_option
from nianbao.forms.template import Template
from nianbao.io.base import ReadError
from nianbao.io.registry import get_writer, read_path, writer_formats
from nianbao.report.findings import Severity

# Suffixes that name a format besides each writer's own (.html, .docx, ...).
EXTRA_SUFFIXES = {".htm": "html", ".text": "text"}


def format_of_suffix(path: Path) -> str | None:
    """Return the output format an output file's extension names, or None when it names none."""
    by_suffix = {get_writer(fmt).suffix: fmt for fmt in writer_formats()} | EXTRA_SUFFIXES
    return by_suffix.get(path.suffix.lower())


def _suffixes_of(fmt: str) -> set[str]:
    return {get_writer(fmt).suffix} | {s for s, f in EXTRA_SUFFIXES.items() if f == fmt}


def choose_format(fmt: str | None, output: Path | None) -> str:
    """Return the format to write: --to, else the one -o's extension names; exit 2 when they disagree."""
    named = format_of_suffix(output) if output is not None else None
    known = "、".join(get_writer(f).suffix for f in writer_formats())
    if fmt is None:
        if output is None:
            fail(f"请用 --to 指定输出格式，或用 -o 给出带扩展名（{known}）的输出文件名")
        if named is None:
            suffix = output.suffix or "（无）"
            fail(f"{output}：无法从扩展名“{suffix}”判断输出格式，请用 --to 指定（可选 {known}）")
        return named
    if output is not None and output.suffix.lower() not in _suffixes_of(fmt):
        wanted = get_writer(fmt).suffix
        fail(
            f"{output}：扩展名与 --to {fmt} 不符（{fmt} 文件的扩展名应为 {wanted}）；"
            f"请改用 -o {output.with_suffix(wanted).name}" + (f"，或改用 --to {named}" if named else "")
        )
    return fmt


@click.command("render")
@click.argument("source", metavar="FILE", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "fmt",
    type=click.Choice(writer_formats()),
    help="输出格式（默认按 -o 的扩展名：.html、.docx、.xlsx、.pdf 等）。",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="输出文件（默认：与 FILE 同名、换成输出格式的扩展名，放在当前目录）。",
)
@click.option("--appendix", is_flag=True, help="在报表后附上填写说明。")
@click.option("--keep-traditional", is_flag=True, help="保留繁体字原文（默认转换为简体并提示）。")
@template_option
def render(
    source: Path,
    fmt: str | None,
    output: Path | None,
    appendix: bool,
    keep_traditional: bool,
    template: Template | None = None,
) -> None:
    """把报表 FILE（.txt/.html/.docx/.xlsx/.pdf 等）按官方版式输出为 HTML、Word、Excel 或 PDF。"""
    fmt = choose_format(fmt, output)
    writer = get_writer(fmt)
    target = output or Path(source.stem + writer.suffix)
    if target.resolve() == source.resolve():
        fail(f"{target}：输出文件与输入文件相同，请用 -o 指定其他文件名")
    check_output_file(target)  # before reading: a conversion must not end in a path problem
    try:
        result = read_path(source, template, keep_traditional=keep_traditional)
    except ReadError as exc:
        fail(str(exc))  # 2: the input cannot be used, as for every command that reads reports
    for finding in result.findings:
        level = "错误" if finding.severity is Severity.ERROR else "提示"
        click.echo(f"{source.name}：{level}：{finding.message}", err=True)
    if result.report is None:
        fail(f"{source.name}：没有读出任何报表内容，未输出。")
    try:
        target.write_bytes(writer.write(result.report, appendix=appendix))
    except OSError as exc:
        fail(write_problem(target, exc))
    click.echo(f"已输出 {target}")
