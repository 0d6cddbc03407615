"""The entry page's shape and the review page: what each role sees, rendered by the real views.

Browser behaviour (focus, sticky bars, 390 px, axe-core) is in test_pages_in_chromium.py.
"""

from __future__ import annotations

import re

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from nianbao.forms.template import get_template
from nianbao.report import Finding, Severity
from nianbao.web.reporting.core import Entry, point_at_inputs
from nianbao.web.reporting.entryform import ungrouped
from nianbao.web.reporting.entrypage import grouped
from nianbao.web.reporting.models import Report, ValueChange
from nianbao.web.reporting.services import correct, return_for_revision, save_values
from tests.web.workflow_helpers import fill, to_state

TEMPLATE = get_template("gx-2020")


def page_of(client, report) -> str:
    return client.get(reverse("reporting:entry", args=[report.pk])).content.decode()


def item_html(page: str, key: str) -> str:
    """Return the markup of one item of the editable page, from its opening tag to the next item's."""
    start = page.rindex("<div", 0, page.index(f'id="item-{key}"'))
    end = page.find('<div class="item ', start + 1)
    return page[start : end if end > 0 else len(page)]


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_a_number_shown_with_separators_is_read_back_as_the_same_digits(n):
    shown = grouped(str(n))
    assert shown == f"{n:,}"
    assert ungrouped(TEMPLATE.item("access.uv"), shown) == str(n)


@given(st.text(max_size=20))
def test_text_that_is_not_a_grouped_number_is_kept_exactly(text):
    if re.fullmatch(r"-?\d{1,3}([,，]\d{3})+(\.\d+)?", text.strip()):
        return
    assert ungrouped(TEMPLATE.item("access.uv"), text) == text
    assert ungrouped(TEMPLATE.item("media.other"), "1,234") == "1,234"  # text items are never touched


def test_saving_the_page_unchanged_records_no_change(world, login):
    report = fill(world.report_a, world.filler, {"access.uv": "120000"})
    client = login(world.filler)
    page = page_of(client, report)
    assert 'value="120,000"' in page  # stored numbers are shown with thousands separators
    before = ValueChange.objects.filter(report=report).count()
    data = {"lock_version": str(report.lock_version), "k": ["access.uv"], "v:access.uv": "120,000"}
    assert client.post(reverse("reporting:entry", args=[report.pk]), data).status_code == 302
    assert ValueChange.objects.filter(report=report).count() == before
    assert Report.unscoped.get(pk=report.pk).core().get("access.uv").data == 120000


def test_none_and_last_year_only_where_the_form_allows_them(world, login):
    page = page_of(login(world.filler), world.report_a)
    for key in ("header.year", "basic.site_name", "basic.site_code", "signature.head"):
        assert f'name="none:{key}"' not in page, key
    for key in ("access.uv", "info.total", "media.weibo.name"):
        assert f'name="none:{key}"' in page, key
    assert 'name="none:interaction.messages.on_time_rate"' not in page  # computed


def test_the_unit_sits_beside_the_input_not_in_the_label(world, login):
    html = item_html(page_of(login(world.filler), world.report_a), "access.uv")
    assert "单位：" not in html
    unit = r'<input[^>]+id="v-access\.uv"[^>]*>\s*<span class="unit" id="u-access\.uv">个</span>'
    assert re.search(unit, html)
    assert 'class="num"' in html and 'inputmode="numeric"' in html


def test_an_item_in_error_is_marked_and_linked_from_the_summary(world, login):
    client = login(world.filler)
    report = fill(world.report_a, world.filler, {"access.uv": "很多"})
    page = page_of(client, report)
    html = item_html(page, "access.uv")
    assert "s-error" in html and "有错误" in html and 'aria-invalid="true"' in html
    assert "已填" not in html
    summary = page[page.index('id="error-summary"') : page.index('class="entry-layout"')]
    assert 'href="#item-access.uv" data-focus="access.uv"' in summary


def test_an_error_about_a_computed_item_points_at_what_it_is_computed_from():
    finding = Finding(
        "E-PERCENT-RANGE",
        Severity.ERROR,
        "互动交流 › 留言办理 › 按时办结率：百分比应在0到100之间（现为126.67）。请填写不带%号的数值，如98.5。",
        ("interaction.messages.on_time_rate",),
    )
    (moved,) = point_at_inputs(TEMPLATE, [finding])
    assert set(moved.items) == {"interaction.messages.on_time", "interaction.messages.closed"}
    assert "请填写" not in moved.message  # nothing to type into a computed field
    assert "按时办结留言数量" in moved.message and "办结留言数量" in moved.message
    # When a rule already names exactly those inputs, the moved error would only repeat it.
    rule = Finding("R-X", Severity.ERROR, "按时办结留言数量大于办结留言数量", moved.items)
    assert point_at_inputs(TEMPLATE, [finding, rule]) == [rule]


def test_a_report_the_user_cannot_edit_is_the_official_view_without_inputs(world, login):
    report = to_state(world.report_a, world, "submitted")
    page = page_of(login(world.supervisor), report)
    assert 'name="v:' not in page and "<textarea" not in page.split('class="actions"')[0]
    assert "正式版式" in page
    assert re.search(r'id="v-access\.uv">120,000</span>', page)


def test_a_returned_report_lists_the_returned_items_by_printed_label(world, login):
    report = to_state(world.report_a, world, "submitted")
    return_for_revision(report, world.reviewer, "请核对", {"info.total": "总数与分项不符"})
    page = page_of(login(world.filler), report)
    returned = page[page.index('id="returned"') : page.index("</section>", page.index('id="returned"'))]
    link = '<a href="#item-info.total" data-focus="info.total">信息发布 › 总数</a>'
    assert link + "：总数与分项不符" in returned
    assert page.index('id="returned"') < page.index('id="entry-form"')


def test_the_reviewer_gets_comments_on_demand_and_the_decision_bar(world, login):
    report = to_state(world.report_a, world, "submitted")
    page = page_of(login(world.reviewer), report)
    assert 'name="v:' not in page
    assert page.count('<details class="comment-box">') >= 70  # one per item, closed until opened
    assert 'name="comment:access.pv" form="return-form"' in page
    bar = page[page.index('class="decision-bar"') :]
    assert "审核通过" in bar and 'href="#return-reason"' in bar


def test_a_correction_shows_what_changed_against_the_published_version(world, login):
    report = to_state(world.report_a, world, "published")
    correct(report, world.head, "访问量统计口径有误")
    fresh = Report.unscoped.get(pk=report.pk)
    save_values(fresh, world.filler, {"access.uv": Entry(text="150000")}, fresh.lock_version)
    page = page_of(login(world.filler), report)
    html = item_html(page, "access.uv")
    assert "已更正" in html and "原公开值：120,000" in html
    assert "原公开值" not in item_html(page, "access.pv")  # unchanged items are not marked
