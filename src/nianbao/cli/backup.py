"""`nianbao backup` and `nianbao restore`: the whole system (database and uploaded files) in one archive."""

from __future__ import annotations

from pathlib import Path

import click

from nianbao.cli.django_setup import setup_django


@click.command("backup")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="备份文件存放目录（默认：数据目录下的 backups）",
)
def backup(out_dir: Path | None) -> None:
    """备份数据库与上传的附件（服务运行时也可备份），写成一个带校验和的归档文件。"""
    setup_django()
    from django.conf import settings

    from nianbao.web.backup import BackupError, create_backup

    target = out_dir or Path(settings.NIANBAO_DATA_DIR) / "backups"
    try:
        archive = create_backup(target)
    except BackupError as exc:
        click.echo(f"备份失败：{exc}", err=True)
        raise SystemExit(1) from None
    click.echo(f"已备份到 {archive}")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="不再询问，直接以备份替换当前数据")
def restore(archive: Path, yes: bool) -> None:
    """以备份归档替换当前数据库与附件（先校验全部校验和），然后校验审计哈希链。"""
    setup_django()
    from nianbao.web.audit.service import verify
    from nianbao.web.backup import BackupError, restore_backup

    if not yes:
        click.confirm("恢复将替换当前的全部数据和附件，请先停止 nianbao serve。继续吗？", abort=True)
    try:
        restored = restore_backup(archive)
    except BackupError as exc:
        click.echo(f"恢复失败：{exc}", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"已恢复 {restored.created_at} 的备份：附件 {restored.files} 个，审计记录 {restored.audit_records} 条"
    )
    result = verify()
    if not result.ok:
        for problem in result.problems:
            click.echo(f"问题：{problem.message}", err=True)
        raise SystemExit(1)
    click.echo(f"审计哈希链完好（{result.checked} 条）")
