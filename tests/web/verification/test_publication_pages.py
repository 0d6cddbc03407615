"""Publication checks in the web application: region runs, the board column, 数据核查, history, export."""

from __future__ import annotations

import csv
import io

from nianbao.io.registry import get_writer
from nianbao.report.values import Value
from nianbao.web.public.published import last_published, public_core
from nianbao.web.reporting.models import Report
from nianbao.web.verification.models import PublicationCheck, PublicationRun
from nianbao.web.verification.services import execute_run, record
from tests.web.workflow_helpers import to_state

HTML = {"Content-Type": "text/html; charset=utf-8"}


def publish_on(site, world, *, changes: dict[str, int] | None = None, home_links: bool = True) -> Report:
    """Publish report A and put it on the test website (changed by `changes`), with a home page."""
    report = to_state(world.report_a, world, "published")
    revision = last_published(report)
    url = site.base + "/nb2020.html"
    revision.public_url = url
    revision.save(update_fields=["public_url"])
    Report.unscoped.filter(pk=report.pk).update(public_url=url)
    report.website.home_url = site.base + "/"
    report.website.save(update_fields=["home_url"])
    published = public_core(report, revision)
    for key, number in (changes or {}).items():
        published.set(key, Value.of(number))
    site.routes["/nb2020.html"] = (200, HTML, get_writer("html").write(published))
    link = "<a href='/nb2020.html'>2020年度报表</a>" if home_links else "<a href='/news.html'>动态</a>"
    site.routes["/"] = (200, HTML, f"<html><body>{link}</body></html>".encode())
    return Report.unscoped.get(pk=report.pk)


def start(client, region="450100"):
    return client.post("/verification/runs/start/", {"region": region, "year": "2020"})


def test_a_region_run_checks_the_published_report_and_the_board_shows_the_result(world, login, site):
    report = publish_on(site, world)
    client = login(world.supervisor)
    response = start(client)
    assert response.status_code == 302
    run = PublicationRun.objects.get()
    assert (run.status, run.total, run.done) == ("done", 1, 1)
    assert run.counts == {"consistent": 1}
    check = PublicationCheck.objects.get(report=report)
    assert (check.outcome, check.home_linked) == ("consistent", True)
    assert check.sha256 and check.size == len(site.routes["/nb2020.html"][2])
    board = client.get("/oversight/", {"region": "450100", "year": "2020"})
    row = next(r for r in board.context["rows"] if r.report_id == report.pk)
    assert row.publication.label == "一致"
    assert "公开核验" in board.content.decode()
    page = client.get(f"/verification/runs/{run.pk}/")
    assert page.status_code == 200 and "已完成" in page.content.decode()


def test_the_board_says_unchecked_before_any_check(world, login, site):
    board = login(world.supervisor).get("/oversight/", {"region": "450100", "year": "2020"})
    row = next(r for r in board.context["rows"] if r.report_id == world.report_a.pk)
    assert row.publication.label == "未核验"


def test_changed_figures_reach_数据核查_the_history_and_the_export(world, login, site):
    report = publish_on(site, world, changes={"access.pv": 7654321}, home_links=False)
    client = login(world.supervisor)
    start(client)
    check = PublicationCheck.objects.get(report=report)
    assert check.outcome == "inconsistent"
    assert [d["key"] for d in check.differences] == ["access.pv"]
    assert check.home_linked is False

    checks = client.get("/oversight/checks/", {"region": "450100", "year": "2020", "kind": "publication"})
    flags = [flag for row in checks.context["rows"] for flag in row.problem.flags]
    assert [f.items for f in flags] == [("access.pv",)]
    assert "7654321" in flags[0].message and "不一致" in flags[0].message

    history = client.get(f"/verification/reports/{report.pk}/").content.decode()
    assert "7654321" in history and "首页未见链接" in history

    export = client.get("/verification/export/", {"region": "450100", "year": "2020", "format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1][4] == "不一致" and "7654321" in rows[1][8] and rows[1][9] == "首页未见链接"
    xlsx = client.get("/verification/export/", {"region": "450100", "year": "2020", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_evidence_is_the_fetched_document_sent_as_a_download(world, login, site):
    report = publish_on(site, world)
    client = login(world.supervisor)
    start(client)
    check = PublicationCheck.objects.get(report=report)
    response = client.get(f"/verification/checks/{check.pk}/evidence/")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == site.routes["/nb2020.html"][2]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    # another city's supervisor learns nothing about it
    assert login(world.far_supervisor).get(f"/verification/checks/{check.pk}/evidence/").status_code == 404


def test_a_report_unpublished_after_the_deadline_is_a_数据核查_finding(world, login, site):
    response = login(world.admin).get("/oversight/checks/", {"region": "450000", "year": "2020"})
    rows = response.context["rows"]
    flags = [flag for row in rows for flag in row.problem.flags if flag.kind == "publication"]
    assert {f.report_id for f in flags} == {world.report_a.pk, world.report_b.pk}
    assert all("仍未公开" in f.message and "2021年1月31日" in f.message for f in flags)
    assert all(row.item_label == "整份报表" for row in rows if row.problem.flags[0].kind == "publication")


def test_an_unreachable_site_is_recorded_with_its_reason(world, login, site):
    report = publish_on(site, world)
    del site.routes["/nb2020.html"]
    start(login(world.supervisor))
    check = PublicationCheck.objects.get(report=report)
    assert (check.outcome, check.reason, check.details["status"]) == ("unreachable", "status", 404)


def test_only_the_regions_supervisors_may_start_a_run(world, login, site):
    publish_on(site, world)
    assert start(login(world.far_supervisor)).status_code in (302, 403)
    assert start(login(world.filler)).status_code == 403
    assert not PublicationRun.objects.exists()


def test_a_run_interrupted_by_a_restart_carries_on_without_checking_twice(world, site):
    report = publish_on(site, world)
    run = PublicationRun.objects.create(region=report.website.region.parent, year=2020, status="running")
    from nianbao.publication import CheckResult, Outcome

    record(report, last_published(report), CheckResult(Outcome.CONSISTENT, "已核验", "http://x/"), run)
    run = execute_run(run.pk)
    assert (run.status, run.done, run.total) == ("done", 1, 1)
    assert PublicationCheck.objects.filter(report=report).count() == 1


def test_a_bad_setting_is_a_chinese_message_not_an_error_page(world, login, site, settings):
    publish_on(site, world)
    settings.NIANBAO_VERIFY = {"allow_networks": "10.0.0.999/8"}
    response = start(login(world.supervisor))
    assert response.status_code == 302
    assert not PublicationRun.objects.exists()
    page = login(world.supervisor).get(response["Location"])
    assert "公开核验的设置有误" in page.content.decode()


def test_a_long_run_works_in_slices_that_queue_the_rest(world, site, settings, monkeypatch):
    from nianbao.web.verification import tasks

    report_a = publish_on(site, world)
    # Report B is published directly (its staff are not in the cast) at an address the site lacks: 404.
    from django.utils import timezone

    from nianbao.report.codec import encode_report
    from nianbao.web.reporting.models import Revision

    report_b = world.report_b
    Revision.objects.update_or_create(
        report=report_b,
        number=1,
        defaults={
            "published_at": timezone.now(),
            "public_url": site.base + "/elsewhere.html",
            "snapshot": encode_report(report_b.core()),
        },
    )
    Report.unscoped.filter(pk=report_b.pk).update(published_at=timezone.now())
    report_b.website.home_url = site.base + "/"
    report_b.website.save(update_fields=["home_url"])
    settings.NIANBAO_VERIFY = {**settings.NIANBAO_VERIFY, "workers": "1"}
    monkeypatch.setattr(tasks, "JOB_BUDGET", 0)  # every slice starts one check and queues the rest
    run = PublicationRun.objects.create(region=report_a.website.region.parent.parent, year=2020)
    tasks.enqueue_run(run)  # the tests' queue runs jobs at once, each slice queueing the next
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == ("done", 2, 2)
    assert run.counts == {"consistent": 1, "unreachable": 1}
    assert sorted(run.checks.values_list("report_id", flat=True)) == sorted([report_a.pk, report_b.pk])


def test_the_same_document_fetched_twice_is_stored_once(world, login, site):
    report = publish_on(site, world)
    client = login(world.supervisor)
    start(client)
    start(client)
    first, second = PublicationCheck.objects.filter(report=report).order_by("id")
    assert first.sha256 == second.sha256
    assert first.evidence.name == second.evidence.name
    assert first.evidence.name.endswith(f"{first.sha256}.html")


def test_a_run_left_in_the_queue_says_no_worker_is_running(world, login, site):
    import datetime as dt

    from django.utils import timezone

    run = PublicationRun.objects.create(region=world.report_a.website.region.parent, year=2020)
    PublicationRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    board = login(world.supervisor).get("/oversight/", {"region": "450100", "year": "2020"})
    assert "后台任务进程可能没有运行" in board.content.decode()


def test_the_progress_page_refreshes_while_running_and_is_hidden_from_other_regions(world, login, site):
    run = PublicationRun.objects.create(
        region=world.report_a.website.region.parent, year=2020, status="running", total=10, done=4
    )
    page = login(world.supervisor).get(f"/verification/runs/{run.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and "4 / 10" in page and "40%" in page
    assert login(world.far_supervisor).get(f"/verification/runs/{run.pk}/").status_code == 404


def test_the_board_shows_the_last_of_several_checks(world, login, site):
    report = publish_on(site, world)
    client = login(world.supervisor)
    start(client)
    site.routes.pop("/nb2020.html")  # the page is taken down before the next day's check
    start(client)
    board = client.get("/oversight/", {"region": "450100", "year": "2020"})
    row = next(r for r in board.context["rows"] if r.report_id == report.pk)
    assert row.publication.label == "无法访问"
    assert PublicationCheck.objects.filter(report=report).count() == 2


def test_a_supervisor_can_check_one_report_now_and_its_staff_can_read_the_history(world, login, site):
    report = publish_on(site, world)
    refused = login(world.filler).post(f"/verification/reports/{report.pk}/check/")
    assert refused.status_code == 302 and not PublicationCheck.objects.exists()
    assert login(world.filler).get(f"/verification/reports/{report.pk}/").status_code == 200
    login(world.supervisor).post(f"/verification/reports/{report.pk}/check/")
    assert PublicationCheck.objects.get(report=report).outcome == "consistent"
    assert login(world.outsider).get(f"/verification/reports/{report.pk}/").status_code == 404


def test_a_run_without_progress_for_half_an_hour_no_longer_blocks_the_region(world, login, site):
    import datetime as dt

    from django.utils import timezone

    publish_on(site, world)
    lost = PublicationRun.objects.create(region=world.report_a.website.region.parent, year=2020)
    PublicationRun.objects.filter(pk=lost.pk).update(created_at=timezone.now() - dt.timedelta(minutes=40))
    client = login(world.supervisor)
    start(client)
    lost.refresh_from_db()
    assert lost.status == "failed" and "没有进展" in lost.message
    assert PublicationRun.objects.filter(status="done").count() == 1
