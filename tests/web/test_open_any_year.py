"""A supervisor opens any reporting year that has a form and a working-day calendar; the form picks itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from nianbao.web.reporting.core import validate
from nianbao.web.reporting.models import Report, ReportingPeriod, current_season
from nianbao.web.reporting.services.periods import season_gaps

from .workflow_helpers import GOOD, fill

pytestmark = pytest.mark.django_db


def open_year(client, region, year: int):
    data = {"region": region.pk, "year": str(year), "deadline": ""}
    return client.post(reverse("reporting:open_year"), data)


def test_each_year_2018_to_2026_opens_and_fills_without_a_year_warning(world, client):
    client.force_login(world.supervisor)
    city = world.site_a.region.parent
    for year in range(2018, 2027):
        if year != world.period.year:  # the province opened 2020 for every site already
            response = open_year(client, city, year)
            assert response.status_code == 302, response.content.decode()
        report = Report.unscoped.get(website=world.site_a, period__year=year)
        assert report.period.template_id == "gx-2020"
        assert report.period.deadline == dt.date(year + 1, 1, 31)
        filled = fill(report, world.filler, GOOD | {"signature.date": f"{year + 1}-01-10"})
        core = filled.core()
        assert core.get("header.year").data == str(year)
        assert [f.code for f in validate(core) if f.code == "W-YEAR-MISMATCH"] == []


def test_a_year_without_a_form_or_calendar_says_what_is_missing(world, client):
    client.force_login(world.supervisor)
    city = world.site_a.region.parent
    page = open_year(client, city, 2027).content.decode()
    assert "2027 年度尚不能开启" in page
    assert "没有适用于2027年度的报表模板" in page
    assert "工作日历中没有2027年的节假日安排" in page
    assert not ReportingPeriod.objects.filter(year=2027).exists()
    assert season_gaps(2026) == []
    assert len(season_gaps(2017)) == 2


def test_the_2026_season_is_due_on_31_january_2027_and_printed_as_2026(world, client):
    client.force_login(world.supervisor)
    city = world.site_a.region.parent
    assert open_year(client, city, 2026).status_code == 302
    report = Report.unscoped.get(website=world.site_a, period__year=2026)
    assert report.period.deadline == dt.date(2027, 1, 31)
    late = {"signature.date": "2027-01-10", "basic.publish_date": "2027-02-01"}
    filled = fill(report, world.filler, GOOD | late)
    assert [f.code for f in validate(filled.core()) if f.code.startswith("R-PUBLISH")] == ["R-PUBLISH-LATE"]
    client.force_login(world.filler)
    html = client.get(reverse("reporting:download", args=[report.pk, "html"])).content.decode()
    assert "（2026年度）" in html and "（2020年度）" not in html


@pytest.mark.parametrize(
    ("setting", "title"),
    [
        ("", "广西政府网站工作年度报表"),
        ("广东", "广东政府网站工作年度报表"),
        ("全国", "政府网站工作年度报表"),
    ],
)
def test_the_deployment_sets_the_title(world, client, settings, setting, title):
    settings.NIANBAO_REPORT_REGION = setting
    client.force_login(world.filler)
    html = client.get(reverse("reporting:download", args=[world.report_a.pk, "html"])).content.decode()
    assert title in html
    others = {"广西政府网站工作年度报表", "广东政府网站工作年度报表"} - {title}
    assert not any(other in html for other in others)


def test_the_season_shown_first_is_the_year_now_ending():
    assert current_season(dt.date(2026, 12, 5)) == 2026
    assert current_season(dt.date(2027, 1, 20)) == 2026
    assert current_season(dt.date(2027, 8, 1)) == 2027
