"""Finding 4: one 填报人 broke the supervisors' pages of a whole region.

A count of 309 digits was saved without a word, and from then on 数据核查, 统计汇总 and the XLSX exports
answered 500 (OverflowError converting to float) for that region and every region above it. Now figures
have upper bounds in the template data ([limits], overridable per item) and a save above them is refused;
and whatever is stored (the database may hold values from before the bounds, or written by other means),
every supervisor page and every export still answers. That part is a property over extreme stored values,
checked through HTTP, so that it holds whatever the analysis code looks like inside.
"""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.forms.template import parse_template
from nianbao.web.registry.models import Website
from nianbao.web.reporting.models import Report, ReportValue

from .cast import YEAR, _site

pytestmark = [pytest.mark.django_db]

COUNT_KEYS = ("access.uv", "access.pv", "info.total", "interaction.messages.closed")
DECIMAL_KEYS = ("interaction.messages.avg_days", "interaction.messages.on_time_rate")
# (an int of over 4,300 digits cannot be stored: JSON encoding refuses it before the database sees it)
HUGE = (10**309, 10**400, -(10**309), 2**1024, 10**4200, 10**15 + 1)


def _entry(report, key, text):
    return {"lock_version": str(report.lock_version), "k": [key], "v:" + key: text}


# --- the bound at entry -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["9" * 309, "1" + "0" * 14 + "1", "9" * 1999, "100000000亿"],
    ids=["309", "1e15+1", "1999", "1e16"],
)
def test_saving_a_count_above_the_bound_is_refused_in_chinese(cast, text):
    client = Client()
    client.force_login(cast.filler)
    response = client.post(f"/reports/{cast.report_a.pk}/", _entry(cast.report_a, "access.pv", text))
    assert response.status_code == 422
    page = response.content.decode()
    assert "未保存" in page and "超过本项上限" in page
    assert not ReportValue.objects.filter(report=cast.report_a, key="access.pv").exists()


def test_the_bound_itself_is_accepted(cast):
    client = Client()
    client.force_login(cast.filler)
    response = client.post(f"/reports/{cast.report_a.pk}/", _entry(cast.report_a, "access.pv", str(10**15)))
    assert response.status_code == 302
    assert ReportValue.objects.get(report=cast.report_a, key="access.pv").data == 10**15


def test_a_template_sets_its_bounds_and_an_item_its_own():
    data = {
        "id": "t",
        "title": "t",
        "year": 2020,
        "limits": {"count_max": 1000},
        "sections": [{"key": "s", "label": "节"}],
        "items": [
            {"key": "s.a", "label": "甲", "section": "s", "type": "count"},
            {"key": "s.b", "label": "乙", "section": "s", "type": "count", "max_value": 10},
            {"key": "s.c", "label": "丙", "section": "s", "type": "decimal"},
        ],
    }
    template = parse_template(data)
    assert template.item("s.a").max_value == 1000
    assert template.item("s.b").max_value == 10
    assert template.item("s.c").max_value == 10**12  # the default, when the block does not name it


# --- whatever is stored, every supervisor page answers ----------------------------------------------


@pytest.fixture
def region_pages(cast):
    """A city with five reports (peers to compare), and the supervisor's pages and exports of it."""
    county = cast.site_a.region
    for n in range(2, 6):
        site = _site(f"H{n}", f"459101000{n}", county)
        Report.unscoped.create(period=cast.report_a.period, website=site)
    reports = list(Report.unscoped.filter(website__region=county, period__year=YEAR))
    assert len(reports) == 5 and Website.unscoped.filter(region=county).count() == 5
    query = f"region={county.parent.code}&year={YEAR}"
    pages = [
        f"/oversight/?{query}",
        f"/oversight/progress.xlsx?{query}",
        f"/oversight/checks/?{query}",
        f"/oversight/aggregates/?{query}",
        *(f"/oversight/aggregates/?{query}&item={key}&pivot={key}" for key in COUNT_KEYS + DECIMAL_KEYS),
        *(f"/oversight/export/?{query}&form={f}&fmt={x}" for f in ("long", "wide") for x in ("csv", "xlsx")),
        f"/oversight/reports/{cast.report_a.pk}/flags/",
        *(f"/reports/{cast.report_a.pk}/download/{fmt}/" for fmt in ("csv", "xlsx", "json", "html", "text")),
    ]
    client = Client(raise_request_exception=False)
    client.force_login(cast.supervisor)
    return reports, pages, client


counts = st.one_of(st.sampled_from(HUGE), st.integers(min_value=-(10**320), max_value=10**320))
decimals = st.one_of(
    st.sampled_from(["1E+400", "-1E+400", "1E-400", "9" * 320 + ".5", "0.000001"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).map(str),
)


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stored=st.lists(
        st.tuples(st.sampled_from(COUNT_KEYS), counts) | st.tuples(st.sampled_from(DECIMAL_KEYS), decimals),
        min_size=1,
        max_size=8,
    ),
    spread=st.lists(st.integers(min_value=0, max_value=4), min_size=8, max_size=8),
)
def test_every_supervisor_page_and_export_answers_whatever_is_stored(region_pages, stored, spread):
    reports, pages, client = region_pages
    ReportValue.objects.filter(report__in=reports).delete()
    for (key, data), which in zip(stored, spread, strict=False):
        # Written straight into the database, as a value from before the bounds would be.
        ReportValue.objects.update_or_create(report=reports[which], key=key, defaults={"data": data})
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, f"{page} answered {response.status_code} for {stored}"


def test_the_pages_answer_with_the_issue_s_309_digit_count(region_pages):
    reports, pages, client = region_pages
    for report in reports:
        ReportValue.objects.create(report=report, key="access.uv", data=1000 + report.pk)
    ReportValue.objects.update_or_create(report=reports[0], key="access.uv", defaults={"data": 10**309})
    # The slower layouts (DOCX, PDF) once here rather than in every example of the property above.
    slow = [f"/reports/{reports[0].pk}/download/{fmt}/" for fmt in ("docx", "pdf")]
    for page in pages + slow:
        assert client.get(page).status_code == 200, page
