"""A published report's page: the official layout, downloads, a correction note; nothing unpublished."""

from __future__ import annotations

import datetime as dt

import pytest

from nianbao.web.reporting.services import correct, publish
from tests.web.workflow_helpers import GOOD, fill, to_state


@pytest.fixture
def published_a(world):
    return to_state(world.report_a, world, "published")


def test_the_page_shows_the_official_form_with_the_published_values(client, world, published_a):
    html = client.get(f"/public/reports/{published_a.pk}/").content.decode()
    assert '<table class="form">' in html
    assert "120000" in html  # GOOD's 独立用户访问总量
    assert "主办单位：" in html and "政府网站标识码：" in html


def test_an_unpublished_report_is_not_found(client, world):
    assert client.get(f"/public/reports/{world.report_b.pk}/").status_code == 404
    assert client.get(f"/public/reports/{world.report_b.pk}/download/pdf/").status_code == 404


@pytest.mark.parametrize(
    ("fmt", "magic"), [("html", b"<!DOCTYPE html>"), ("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF")]
)
def test_each_layout_can_be_downloaded(client, world, published_a, fmt, magic):
    response = client.get(f"/public/reports/{published_a.pk}/download/{fmt}/")
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert "attachment" in response["Content-Disposition"]


def test_an_unknown_format_is_not_found(client, world, published_a):
    assert client.get(f"/public/reports/{published_a.pk}/download/exe/").status_code == 404


def test_a_correction_in_progress_shows_the_last_published_values_only(client, world, published_a):
    correct(published_a, world.head, "独立用户访问总量统计口径有误")
    fill(published_a, world.filler, GOOD | {"access.uv": "130000"})
    html = client.get(f"/public/reports/{published_a.pk}/").content.decode()
    assert "120000" in html and "130000" not in html
    assert "正在更正中" in html


def test_a_corrected_report_shows_the_correction_and_its_reason(client, world, published_a):
    from nianbao.web.reporting.models import Report
    from nianbao.web.reporting.services import approve, review, submit
    from tests.web.workflow_helpers import explain_all

    correct(published_a, world.head, "独立用户访问总量统计口径有误")
    report = fill(published_a, world.filler, GOOD | {"access.uv": "130000"})
    submit(report, world.filler, explain_all(report))
    review(Report.unscoped.get(pk=report.pk), world.reviewer)
    approve(Report.unscoped.get(pk=report.pk), world.head)
    publish(
        Report.unscoped.get(pk=report.pk),
        world.head,
        dt.date(2021, 1, 25),
        "http://www.example.gov.cn/nb2.html",
    )
    html = client.get(f"/public/reports/{report.pk}/").content.decode()
    assert "更正说明" in html and "独立用户访问总量统计口径有误" in html
    assert "130000" in html


def test_the_footer_follows_the_portal_settings(client, world, settings):
    settings.NIANBAO_PORTAL = {"sponsor": "某某省人民政府办公厅", "icp": "某ICP备12345678号-1"}
    html = client.get("/public/").content.decode()
    assert "主办单位：某某省人民政府办公厅" in html and "某ICP备12345678号-1" in html
    assert "公网安备" in html  # the 公安机关备案号 keeps its default


def test_the_site_map_lists_years_regions_and_types(client, world, published_a):
    html = client.get("/public/sitemap/").content.decode()
    assert "?year=2020" in html and "?region=450100" in html and "部门网站" in html


def test_elder_mode_is_switched_by_a_link_and_kept_in_a_cookie(client, world):
    html = client.get("/public/sitemap/").content.decode()
    assert 'href="?elder=on"' in html
    response = client.get("/public/sitemap/", {"elder": "on"})
    assert 'class="public elder"' in response.content.decode()
    assert response.cookies["elder"].value == "1"
    assert 'class="public elder"' in client.get("/public/").content.decode()
    assert 'href="?elder=off"' in client.get("/public/").content.decode()
    client.get("/public/", {"elder": "off"})
    assert 'class="public"' in client.get("/public/").content.decode()


def test_the_elder_switch_keeps_the_search_and_drops_from_the_pager(client, world):
    html = client.get("/public/", {"q": "示例", "year": "2020"}).content.decode()
    assert "elder=on" in html and "q=%E7%A4%BA%E4%BE%8B" in html
