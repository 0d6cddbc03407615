"""`nianbao audit`: check the audit trail's hash chain, and purge records past the legal retention."""

from __future__ import annotations

import datetime as dt

import click

from nianbao.cli.django_setup import setup_django


@click.group("audit")
def audit() -> None:
    """审计记录：校验哈希链、清理超过留存期的记录。"""


@audit.command("verify")
@click.option(
    "--anchors",
    "anchors_path",
    type=click.Path(exists=True, dir_okay=False),
    help="系统外保存的锚点文件（每行一个本命令输出的“锚点”），逐个核对",
)
def verify_command(anchors_path: str | None) -> None:
    """逐条校验审计记录的哈希链，列出被改动、删除或插入的记录；有问题时退出码为 1。

    输出的最后一行是链尾的锚点（序号 哈希 时间）：请定期把它追加到系统之外保存的文件中，
    以后用 --anchors 核对，能发现掌握数据库的人改写或删除的记录。
    """
    setup_django()
    from pathlib import Path

    from nianbao.web.audit.service import Anchor, check_anchors, tail_anchor, verify

    anchors = []
    if anchors_path:
        lines = Path(anchors_path).read_text(encoding="utf-8").splitlines()
        try:
            anchors = [Anchor.parse(line) for line in lines if line.strip() and not line.startswith("#")]
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--anchors") from None
    result = verify()
    result.problems.extend(check_anchors(anchors))
    for problem in result.problems:
        click.echo(f"问题：{problem.message}", err=True)
    if result.ok:
        click.echo(f"审计记录完好：共校验 {result.checked} 条，链尾哈希 {result.last_hash}")
        if anchors:
            click.echo(f"系统外锚点 {len(anchors)} 个全部相符")
        tail = tail_anchor()
        if tail is not None:
            click.echo(f"锚点：{tail.line()}")
        return
    click.echo(f"审计记录有 {len(result.problems)} 处问题（共校验 {result.checked} 条）", err=True)
    raise SystemExit(1)


def _operator() -> str:
    """The person running the command, as the system knows them (recorded in the purge's audit record)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


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
        removed = purge(moment, operator=_operator())
    except PurgeRefused as exc:
        click.echo(f"拒绝清理：{exc}", err=True)
        raise SystemExit(1) from None
    click.echo(f"已清理 {removed} 条审计记录")
