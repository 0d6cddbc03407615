"""One 公开时间 everywhere (the date the report states, not the moment publication was registered), one date
format, and Chinese error pages in the site's frame (staff pages and the public column)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from nianbao.web import errors, urls
from nianbao.web.reporting.models import Report, Revision
from tests.web.workflow_helpers import to_state

ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")


@pytest.fixture
def published_long_ago(world):
    """Published on 2021-01-20 by the report, registered in the system much later (today)."""
    report = to_state(world.report_a, world, "published")
    registered = timezone.now()
    assert timezone.localdate(registered) != dt.date(2021, 1, 20)
    return report


def test_the_public_report_shows_the_reports_own_publication_date_only(client, published_long_ago):
    html = client.get(f"/public/reports/{published_long_ago.pk}/").content.decode()
    today = timezone.localdate()
    assert "公开时间：2021年1月20日" in html
    assert f"{today.year}年{today.month}月{today.day}日" not in html
    assert not ISO_DATE.search(html)


def test_the_public_list_shows_the_publication_date(client, published_long_ago):
    html = client.get("/public/").content.decode()
    assert "公开时间 2021年1月20日" in html


def test_the_history_shows_the_reports_date_and_chinese_dates_only(login, world, published_long_ago):
    html = login(world.head).get(f"/reports/{published_long_ago.pk}/history/").content.decode()
    assert "2021年1月20日 公开于" in html
    assert not ISO_DATE.search(html.replace("nb2020.html", ""))


def test_a_revision_without_a_stated_date_falls_back_to_the_registration_day(published_long_ago):
    from nianbao.web.public.published import shown_publish_date

    revision = Revision.objects.get(report=published_long_ago, number=1)
    revision.snapshot = {k: v for k, v in revision.snapshot.items() if k != "basic.publish_date"}
    assert shown_publish_date(revision) == timezone.localdate(revision.published_at)


def test_the_history_names_item_comments_by_their_printed_labels(login, world):
    from nianbao.web.reporting.services import return_for_revision

    report = to_state(world.report_a, world, "submitted")
    return_for_revision(report, world.reviewer, "请核对", {"info.total": "总数与分项不符"})
    html = login(world.filler).get(f"/reports/{report.pk}/history/").content.decode()
    assert "信息发布 › 总数：总数与分项不符" in html
    assert "info.total：" not in html


def _frame(html: str) -> None:
    assert '<html lang="zh-CN">' in html
    assert "<header" in html and "<footer" in html


def test_an_unknown_staff_page_is_a_chinese_404_in_the_site_frame(login, world):
    response = login(world.filler).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _frame(html)
    assert "页面不存在" in html and "Not Found" not in html
    assert "我的报表" in html  # the signed-in navigation is there


def test_a_missing_public_report_is_a_chinese_404_in_the_public_column(client, db):
    response = client.get("/public/reports/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    _frame(html)
    assert "集中发布专栏" in html and "主办单位" in html
    assert "没有找到该报表，或该报表尚未公开" in html  # the message the view raised


def test_the_audit_log_refusal_shows_the_chinese_message_the_code_raises(login, world):
    response = login(world.admin).get("/audit/")
    assert response.status_code == 403
    html = response.content.decode()
    _frame(html)
    assert "只有审计管理员可以查看审计记录" in html
    assert "403 Forbidden" not in html


def test_a_failed_csrf_check_is_a_chinese_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.filler)
    response = client.post(f"/reports/{world.report_a.pk}/", {"k": "access.uv", "v:access.uv": "1"})
    assert response.status_code == 403
    html = response.content.decode()
    _frame(html)
    assert "页面已过期" in html and "CSRF" not in html
    assert Report.unscoped.get(pk=world.report_a.pk).values.filter(key="access.uv").count() == 0


def test_the_500_page_is_chinese_and_needs_no_database(db):
    assert urls.handler500 == "nianbao.web.errors.server_error"
    response = errors.server_error(RequestFactory().get("/reports/1/"))
    assert response.status_code == 500
    html = response.content.decode()
    _frame(html)
    assert "系统出错" in html and "Server Error" not in html


def test_the_500_page_falls_back_to_bare_chinese_when_the_frame_fails(db):
    with override_settings(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}]):
        response = errors.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "系统出错" in html and 'lang="zh-CN"' in html


@pytest.mark.parametrize(
    ("exception", "shown"),
    [
        (PermissionError("只有系统管理员可以管理人员与角色"), "只有系统管理员可以管理人员与角色"),
        (PermissionError("No Report matches the given query."), ""),
        (None, ""),
    ],
)
def test_only_messages_written_for_people_are_shown(exception, shown):
    assert errors.shown_message(exception) == shown


def test_the_locked_accounts_page_is_in_the_administrators_menu(login, world):
    html = login(world.admin).get("/").content.decode()
    assert 'href="/security/locked/"' in html
    assert 'href="/security/locked/"' not in login(world.filler).get("/").content.decode()


def test_the_initial_superuser_is_not_listed_as_having_no_role(login, world):
    from nianbao.web.registry.models import User

    User.objects.create_superuser("root_demo", password="示例-Passw0rd!", display_name="初始管理员")
    html = login(world.admin).get("/registry/people/?q=root_demo").content.decode()
    assert "系统管理员（初始账户）" in html and "无角色" not in html


def test_the_entry_page_labels_downloads_as_the_public_pages_do(login, world):
    html = login(world.filler).get(f"/reports/{world.report_a.pk}/").content.decode()
    assert "Word（DOCX）" in html and "网页（HTML）" in html


def test_the_person_page_offers_site_and_region_codes_by_name(login, world):
    html = login(world.admin).get(f"/registry/people/{world.filler.pk}/").content.decode()
    assert 'list="scope-options"' in html
    assert f'<option value="{world.site_a.code}">{world.site_a.name}</option>' in html
    assert '<option value="450100">' in html
