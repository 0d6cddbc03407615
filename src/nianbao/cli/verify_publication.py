"""`nianbao verify-publication`: check a region's published reports on the websites themselves."""

from __future__ import annotations

import logging

import click

from nianbao.cli.django_setup import setup_django


@click.command("verify-publication")
@click.option("--region", "region_code", required=True, help="地区的6位行政区划代码（含全部下级地区）")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="报表年度，如 2026")
@click.option(
    "--queue",
    is_flag=True,
    help="交给后台任务进程执行（nianbao manage qcluster），本命令立即返回；默认在本进程中执行并显示进度",
)
def verify_publication(region_code: str, year: int, queue: bool) -> None:
    """逐个打开已公开报表的公开网址与网站首页，读取网站上的报表，与批准的版本逐项比对并记录结果。

    结果为 一致、不一致、未找到报表 或 无法访问（并注明首页是否有链接），每次核验保存取得的文件作为证据，
    在“填报进度”“数据核查”与每份报表的公开核验记录中查看。适合每天由定时任务运行。
    """
    setup_django()
    from nianbao.web.registry.models import Region
    from nianbao.web.verification import conf
    from nianbao.web.verification.models import PublicationRun
    from nianbao.web.verification.services import active_run, execute_run, published_in
    from nianbao.web.verification.tasks import enqueue_run

    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise click.BadParameter(f"没有行政区划代码为 {region_code} 的地区", param_hint="--region")
    try:
        conf.fetch_policy()
    except conf.VerifySettingError as exc:
        click.echo(f"错误：公开核验的设置有误：{exc}", err=True)
        raise SystemExit(2) from None
    active = active_run(region, year)
    if active is not None:
        click.echo(f"{region.name} {year} 年度的核验（编号 {active.pk}）正在进行，未重复发起。", err=True)
        raise SystemExit(1)
    total = published_in(region, year).count()
    if total == 0:
        click.echo(f"{region.name} {year} 年度没有已公开的报表，无需核验。")
        return
    run = PublicationRun.objects.create(region=region, year=year, total=total)
    if queue:
        # The job library logs each enqueued job in English; the command says it in Chinese instead.
        logging.getLogger("django-q").setLevel(logging.WARNING)
        enqueue_run(run)
        click.echo(f"已加入后台队列（核验编号 {run.pk}，{total} 份报表），由后台任务进程执行。")
        return
    click.echo(f"开始核验 {region.name} {year} 年度 {total} 份已公开的报表（核验编号 {run.pk}）")
    done = 0

    def progress(report, check) -> None:
        nonlocal done
        done += 1
        home = "" if check.home_linked is not False else "，首页未见链接"
        site = f"{report.website.code} {report.website.name}"
        click.echo(f"[{done}/{total}] {site}：{check.get_outcome_display()}{home}")

    run = execute_run(run.pk, progress)
    summary = "，".join(f"{label} {run.counts.get(key, 0)}" for key, label in _LABELS)
    click.echo(f"完成：{summary}。")


_LABELS = (
    ("consistent", "一致"),
    ("inconsistent", "不一致"),
    ("not_found", "未找到报表"),
    ("unreachable", "无法访问"),
)
