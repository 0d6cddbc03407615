"""Aggregates per region and 网站类型 with SVG charts and their tables; exports in long and wide form."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from nianbao.web.registry.models import Website
from tests.web.workflow_helpers import GOOD, fill


def _fill_both(world):
    fill(world.report_a, world.filler, GOOD | {"access.uv": "1000"})
    fill(world.report_b, world.outsider, GOOD | {"access.uv": "无"})


def test_totals_medians_and_none_counts_per_sub_region(world, login):
    _fill_both(world)
    response = login(world.admin).get(
        "/oversight/aggregates/", {"region": "450000", "year": "2020", "item": "access.uv"}
    )
    assert response.status_code == 200
    by_region = {name: (s.total, s.filled, s.none) for name, s, _, _ in response.context["by_region"]}
    assert by_region == {"示例市": (1000, 1, 0), "演示市": (0, 0, 1)}
    by_type = {name: (s.total, s.none) for name, s, _, _ in response.context["by_type"]}
    assert by_type == {"政府门户网站": (1000, 1)}


def test_the_page_draws_its_charts_itself_and_shows_their_numbers(world, login):
    _fill_both(world)
    html = (
        login(world.admin)
        .get("/oversight/aggregates/", {"region": "450000", "item": "access.uv"})
        .content.decode()
    )
    assert html.count("<svg") == 2
    # The one script is the site-wide one that labels table cells on a phone; none draws the charts.
    assert html.replace('<script src="/static/nianbao/tables.js" defer></script>', "").count("<script") == 0
    assert "http" not in html.split("<svg", 1)[1].split("</svg>")[0].replace("http://www.w3.org/2000/svg", "")
    assert "1,000" in html


def test_a_supervisor_sees_only_their_own_region_in_the_aggregates(world, login):
    _fill_both(world)
    response = login(world.supervisor).get(
        "/oversight/aggregates/", {"region": "450100", "item": "access.uv"}
    )
    assert [name for name, *_ in response.context["by_region"]] == ["示例区"]
    assert login(world.supervisor).get("/oversight/aggregates/", {"region": "450000"}).status_code == 400


def test_an_item_that_is_not_numeric_is_refused_with_a_message(world, login):
    response = login(world.admin).get(
        "/oversight/aggregates/", {"region": "450000", "item": "basic.site_name"}
    )
    assert response.status_code == 400
    assert "不是本报表的数值项目" in response.content.decode()


def test_the_wide_csv_has_one_row_per_site_and_neutralises_formulas(world, login):
    Website.unscoped.filter(pk=world.site_a.pk).update(name="=cmd|' /C calc'!A0")
    _fill_both(world)
    response = login(world.admin).get(
        "/oversight/export/", {"region": "450000", "form": "wide", "fmt": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    names = {r[1] for r in rows[1:]}
    assert "'=cmd|' /C calc'!A0" in names
    uv_column = rows[0].index("用户访问·独立用户访问总量")
    assert sorted(r[uv_column] for r in rows[1:]) == ["1000", "无"]


def test_the_long_xlsx_has_one_row_per_site_and_item(world, login):
    _fill_both(world)
    response = login(world.admin).get(
        "/oversight/export/", {"region": "450000", "form": "long", "fmt": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    template = world.report_a.template
    assert len(rows) == 1 + 2 * len(template.items)
    uv = [r for r in rows[1:] if r[5] == "access.uv"]
    assert sorted(str(r[-1]) for r in uv) == ["1000", "无"]
    assert isinstance(next(r for r in uv if r[-1] != "无")[-1], int)


def test_a_supervisor_cannot_export_another_citys_reports(world, login):
    response = login(world.supervisor).get(
        "/oversight/export/", {"region": "450200", "form": "wide", "fmt": "csv"}
    )
    assert response.status_code == 400
    assert world.site_b.code not in response.content.decode()


def test_the_pivot_shows_the_chosen_items_per_sub_region(world, login):
    _fill_both(world)
    params = {"region": "450000", "item": "access.uv", "pivot": ["info.total", "access.pv"]}
    response = login(world.admin).get("/oversight/aggregates/", params)
    assert response.context["pivot_keys"] == ["info.total", "access.pv"]
    rows = dict(response.context["pivot_rows"])
    assert rows["示例市"] == ["300", "560,000"]  # GOOD's 信息发布总数 and 网站总访问量


def test_the_statistics_end_with_a_total_row_and_the_pivot_is_chosen_with_checkboxes(world, login):
    _fill_both(world)
    response = login(world.admin).get("/oversight/aggregates/", {"region": "450000", "item": "access.uv"})
    html = response.content.decode()
    assert '<tfoot><tr><th scope="row">合计</th><td class="num">2</td>' in html  # two reports in all
    assert response.context["overall"][2] == "1,000"
    assert 'type="checkbox" name="pivot"' in html and '<select name="pivot"' not in html
