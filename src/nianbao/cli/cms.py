"""`nianbao cms`: 信息发布 and 专题专栏 figures from a CMS export."""

from __future__ import annotations

from pathlib import Path

import click

from nianbao.cli.evidence_output import guarded, show, write_into
from nianbao.evidence.cms import compute_cms, load_mapping


@click.command("cms")
@click.argument("export", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--mapping",
    "mapping_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="栏目映射文件（TOML）：栏目归入概况类、政务动态、信息公开目录；专栏专题及其开设日期。",
)
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="统计年度，如 2020。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出计算结果及其来源。")
@click.option(
    "--into",
    type=click.Path(path_type=Path, dir_okay=False),
    help="把计算结果写入该报表 JSON 文件（不存在则新建）。",
)
def cms(export: Path, mapping_path: Path, year: int, as_json: bool, into: Path | None) -> None:
    """从 CMS 导出（CSV、JSON 或 XLSX）计算信息发布总数、三类信息数量和专题专栏维护、新开设数量。"""
    mapping = guarded(lambda: load_mapping(mapping_path))
    evidence = guarded(lambda: compute_cms(export, mapping, year))
    if as_json:
        click.echo(evidence.to_json())
    else:
        show(evidence, "信息发布与专题专栏")
    if into is not None:
        write_into(evidence, into)
