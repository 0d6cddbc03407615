"""`nianbao logstats`: PV and UV from access logs, by the form's definitions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from nianbao.cli.evidence_output import guarded, write_into


@click.command("logstats")
@click.argument("files", nargs=-1, required=True)
@click.option("--year", type=int, required=True, help="报表年度，例如 2020。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供程序读取）。")
@click.option("--by-site", is_flag=True, help="集约化平台日志：按主机名分网站统计，每个网站一行。")
@click.option(
    "--sites",
    "sites_file",
    type=click.Path(path_type=Path),
    help="网站名录（CSV 或 JSON：首页网址、标识码、网站名称）。",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "native", "duckdb", "spark"]),
    default="auto",
    show_default=True,
    help="计算引擎：auto 用原生扫描器（combined、common、nginx、IIS、JSON Lines），"
    "本机没有编译它时用 DuckDB。",
)
@click.option(
    "--spark-master", default="local[*]", show_default=True, help="Spark 主节点地址（--engine spark）。"
)
@click.option(
    "--config", "config_file", type=click.Path(path_type=Path), help="规则文件（TOML），覆盖默认规则。"
)
@click.option("--log-format", default="", help="nginx 自定义 log_format 字符串（日志不是标准格式时）。")
@click.option("--no-days", is_flag=True, help="文本输出中不列逐日数字。")
@click.option(
    "--into",
    type=click.Path(path_type=Path, dir_okay=False),
    help="把 PV、UV 写入该报表 JSON 文件（不存在则新建；不能与 --by-site 同用）。",
)
def logstats(
    files: tuple[str, ...],
    year: int,
    as_json: bool,
    by_site: bool,
    sites_file: Path | None,
    engine: str,
    spark_master: str,
    config_file: Path | None,
    log_format: str,
    no_days: bool,
    into: Path | None,
) -> None:
    """从访问日志计算网站总访问量（PV）与独立用户访问总量（UV）。"""
    from nianbao.evidence.logs import analyse_logs, load_rules
    from nianbao.evidence.logs.sites import load_registry

    if into is not None and by_site:
        raise click.UsageError("--into 写入单个网站的报表，不能与 --by-site 同用。")
    rules = guarded(lambda: load_rules(config_file))
    registry = guarded(lambda: load_registry(sites_file)) if sites_file else None
    result = guarded(
        lambda: analyse_logs(
            list(files),
            year,
            rules,
            engine=None if engine == "auto" else engine,  # None: analyse.DEFAULT_ENGINE
            by_site=by_site,
            log_format=log_format,
            registry=registry,
            spark_master=spark_master,
            progress=sys.stderr.isatty() and not as_json,
        )
    )
    click.echo(result.to_json() if as_json else result.render(show_days=not no_days))
    if into is not None:
        write_into(result.to_evidence(), into)
