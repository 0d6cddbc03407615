"""The progress board: each site's state, completeness and publication against the deadline, per region."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.web.workflow_helpers import fill, to_state

BOARD = "/oversight/"


def test_a_supervisor_sees_each_site_of_their_region_with_its_state(world, login):
    client = login(world.supervisor)
    response = client.get(BOARD, {"region": "450100", "year": "2020"})
    assert response.status_code == 200
    html = response.content.decode()
    assert world.site_a.name in html
    assert world.site_b.name not in html  # another city's site
    assert "未开始" in html


def test_completeness_on_the_board_is_the_core_reports_share_of_filled_items(world, login):
    report = fill(world.report_a, world.filler)
    expected = round(report.core().completeness() * 100)
    response = login(world.supervisor).get(BOARD, {"region": "450100", "year": "2020"})
    row = next(r for r in response.context["rows"] if r.report_id == report.pk)
    assert row.completeness == expected
    assert 0 < expected < 100
    assert row.state_label == "草稿"


def test_a_report_published_before_the_deadline_counts_as_on_time(world, login):
    to_state(world.report_a, world, "published")
    response = login(world.supervisor).get(BOARD, {"region": "450100", "year": "2020"})
    row = next(r for r in response.context["rows"] if r.report_id == world.report_a.pk)
    assert (row.state_label, row.deadline_label) == ("已公开", "按期公开")


def test_counts_per_state_are_given_for_each_sub_region(world, login):
    to_state(world.report_a, world, "submitted")
    response = login(world.admin).get(BOARD, {"region": "450000", "year": "2020"})
    groups = {name: (counts, total) for name, counts, total in response.context["groups"]}
    order = [code for code, _ in response.context["state_order"]]
    assert groups["示例市"][0][order.index("submitted")] == 1
    assert groups["演示市"][0][order.index("not_started")] == 1
    assert groups["示例市"][1] == groups["演示市"][1] == 1


def test_the_board_filters_by_state_and_sorts(world, login):
    to_state(world.report_a, world, "submitted")
    client = login(world.admin)
    response = client.get(BOARD, {"region": "450000", "year": "2020", "state": "not_started"})
    assert [r.site_code for r in response.context["rows"]] == [world.site_b.code]
    response = client.get(BOARD, {"region": "450000", "year": "2020", "sort": "-code"})
    assert [r.site_code for r in response.context["rows"]] == [world.site_b.code, world.site_a.code]


def test_the_board_exports_to_a_workbook_with_the_same_rows(world, login):
    client = login(world.admin)
    response = client.get("/oversight/progress.xlsx", {"region": "450000", "year": "2020"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("政府网站标识码", "网站名称")
    assert {r[0] for r in rows[1:]} == {world.site_a.code, world.site_b.code}


@pytest.mark.parametrize("who", ["filler", "reviewer", "head", "nobody"])
def test_people_who_supervise_nothing_are_refused(world, login, who):
    assert login(getattr(world, who)).get(BOARD).status_code == 403


def test_a_supervisor_cannot_open_another_citys_board(world, login):
    response = login(world.far_supervisor).get(BOARD, {"region": "450100", "year": "2020"})
    assert response.status_code == 400
    assert "不在您的监管范围内" in response.content.decode()
    assert world.site_a.name not in response.content.decode()


def test_the_board_asks_anonymous_visitors_to_log_in(client):
    assert client.get(BOARD).status_code == 302


def test_a_report_nobody_has_started_is_at_zero_percent(world, login):
    # Its 基本信息 is prefilled from the registry, which is not work done by anyone.
    assert world.report_a.core().completeness() > 0
    response = login(world.supervisor).get(BOARD, {"region": "450100", "year": "2020"})
    row = next(r for r in response.context["rows"] if r.report_id == world.report_a.pk)
    assert (row.state_label, row.completeness) == ("未开始", 0)


def test_the_status_counts_end_with_a_total_row(world, login):
    to_state(world.report_a, world, "submitted")
    html = login(world.admin).get(BOARD, {"region": "450000", "year": "2020"}).content.decode()
    foot = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert foot.startswith('<tfoot><tr><th scope="row">合计</th>')
    assert foot.count('<td class="num">') == 8 and foot.endswith('<td class="num">2</td></tr>')
