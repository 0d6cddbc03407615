"""`nianbao audit`: check the audit trail's hash chain, and purge records past the legal retention."""

from __future__ import annotations

import datetime as dt

import click

from nianbao.cli.django_setup import setup_django


@click.group("audit")
def audit() -> None:
    """审计记录：校验哈希链、清理超过留存期的记录。"""


@audit.command("verify")
def verify_command() -> None:
    """逐条校验审计记录的哈希链，列出被改动、删除或插入的记录；有问题时退出码为 1。"""
    setup_django()
    from nianbao.web.audit.service import verify

    result = verify()
    for problem in result.problems:
        click.echo(f"问题：{problem.message}", err=True)
    if result.ok:
        click.echo(f"审计记录完好：共校验 {result.checked} 条，链尾哈希 {result.last_hash}")
        return
    click.echo(f"审计记录有 {len(result.problems)} 处问题（共校验 {result.checked} 条）", err=True)
    raise SystemExit(1)


@audit.command("purge")
@click.option("--before", "before", required=True, help="清理此日期（YYYY-MM-DD，北京时间零点）之前的记录")
def purge_command(before: str) -> None:
    """删除某日期之前的审计记录；不满六个月的记录拒绝删除（网络安全法第二十一条）。"""
    setup_django()
    from zoneinfo import ZoneInfo

    from nianbao.web.audit.service import PurgeRefused, purge

    try:
        day = dt.date.fromisoformat(before)
    except ValueError:
        raise click.BadParameter(f"日期应为 YYYY-MM-DD，实际为 {before!r}", param_hint="--before") from None
    moment = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo("Asia/Shanghai"))
    try:
        removed = purge(moment)
    except PurgeRefused as exc:
        click.echo(f"拒绝清理：{exc}", err=True)
        raise SystemExit(1) from None
    click.echo(f"已清理 {removed} 条审计记录")
