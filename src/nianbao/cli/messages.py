"""`nianbao messages`: 留言办理 figures from a message-board export."""

from __future__ import annotations

from pathlib import Path

import click

from nianbao.cli.evidence_output import guarded, show, write_into
from nianbao.evidence.messages import DEFAULT_WORKDAYS, MessageRules, compute_messages, load_rules


@click.command("messages")
@click.argument("export", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="统计年度，如 2020。")
@click.option(
    "--workdays",
    type=click.IntRange(1, 365),
    help=f"按时办结的期限：收到后多少个工作日内办结（默认取 --site-config，否则为 {DEFAULT_WORKDAYS}）。",
)
@click.option(
    "--site-config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="网站配置文件（TOML），其中 [messages] on_time_workdays = N 为本网站的办理时限。",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出计算结果及其来源。")
@click.option(
    "--into",
    type=click.Path(path_type=Path, dir_okay=False),
    help="把计算结果写入该报表 JSON 文件（不存在则新建）。",
)
def messages(
    export: Path, year: int, workdays: int | None, site_config: Path | None, as_json: bool, into: Path | None
) -> None:
    """从留言导出（CSV、JSON 或 XLSX）计算收到、办结、平均办理时间、公开答复、按时办结数量和按时办结率。"""
    rules = guarded(lambda: load_rules(site_config)) if site_config else MessageRules()
    if workdays is not None:
        rules = MessageRules(workdays=workdays)
    evidence = guarded(lambda: compute_messages(export, year, rules))
    if as_json:
        click.echo(evidence.to_json())
    else:
        show(evidence, "留言办理")
    if into is not None:
        write_into(evidence, into)
