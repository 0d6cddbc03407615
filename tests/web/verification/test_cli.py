"""`nianbao verify-publication` against the test website: progress and results in Chinese."""

from __future__ import annotations

from click.testing import CliRunner

from nianbao.cli.main import cli
from nianbao.web.verification.models import PublicationCheck, PublicationRun

from .test_publication_pages import publish_on


def run(*args):
    return CliRunner().invoke(cli, ["verify-publication", *args])


def test_the_command_checks_every_published_report_of_the_region(world, site):
    report = publish_on(site, world, changes={"info.total": 4242})
    result = run("--region", "450100", "--year", "2020")
    assert result.exit_code == 0, result.output
    assert f"[1/1] {report.website.code}" in result.output and "不一致" in result.output
    assert "完成：一致 0，不一致 1，未找到报表 0，无法访问 0。" in result.output
    assert PublicationCheck.objects.get(report=report).outcome == "inconsistent"
    assert PublicationRun.objects.get().status == "done"


def test_queueing_hands_the_run_to_the_worker(world, site):
    publish_on(site, world)
    result = run("--region", "450100", "--year", "2020", "--queue")
    assert result.exit_code == 0, result.output
    assert "已加入后台队列" in result.output
    # the tests' job queue runs at once (sync): the run is done by the time the command returns
    assert PublicationRun.objects.get().status == "done"


def test_an_unknown_region_and_a_region_without_published_reports_are_told_in_chinese(world, site):
    unknown = run("--region", "999999", "--year", "2020")
    assert unknown.exit_code == 2 and "没有行政区划代码为 999999 的地区" in unknown.output
    empty = run("--region", "450100", "--year", "2020")
    assert empty.exit_code == 0 and "没有已公开的报表" in empty.output
