"""The 数据核查 page as a supervisor uses it: one row per problem with the report's state, no codes in the
text, reports ranked (the export in the same order), recomputed only when the data changes."""

from __future__ import annotations

import csv
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from nianbao.analysis.checks import WARNING, Flag
from nianbao.analysis.flags import KIND_LABELS, register_category
from nianbao.web.oversight.review import FLAG_SOURCES, register_flag_source
from tests.web.workflow_helpers import GOOD, fill

CHECKS = "/oversight/checks/"
SCOPE = {"region": "450000", "year": "2020"}


def _swap(world):
    fill(world.report_a, world.filler, GOOD | {"access.uv": "90000", "access.pv": "60000"})


def _visible_text(html: str) -> str:
    """Return the page without its tooltips and form fields, i.e. the text a supervisor reads."""
    html = re.sub(r'title="[^"]*"', "", html)
    return re.sub(r"<input[^>]*>", "", html)


def test_a_problem_found_by_the_validator_and_a_check_is_one_row_with_both_reasons(world, login):
    _swap(world)
    rows = login(world.admin).get(CHECKS, SCOPE).context["rows"]
    mine = [r for r in rows if r.report_id == world.report_a.pk and "access.uv" in r.problem.item]
    assert len(mine) == 1
    assert {"finding", "combo"} <= set(mine[0].problem.kinds) and len(mine[0].problem.messages) >= 2


def test_every_row_shows_the_reports_state_and_no_codes_in_the_text(world, login):
    _swap(world)
    response = login(world.admin).get(CHECKS, SCOPE | {"severity": "all"})
    html = response.content.decode()
    rows = response.context["rows"]
    assert rows and all(r.site.state_label in ("未开始", "草稿") for r in rows)
    assert html.count('class="state"') >= len(rows)
    text = _visible_text(html)
    assert not re.search(r"\b[ER]-[A-Z]{3,}", text)
    assert "R-ACCESS-UV-LE-PV" in html  # …but the code is there, in the tooltip


def test_publication_items_are_not_flagged_on_a_report_not_yet_published(world, login):
    _swap(world)
    rows = login(world.admin).get(CHECKS, SCOPE | {"severity": "all"}).context["rows"]
    flagged = {i for r in rows for f in r.problem.flags for i in f.items}
    assert "basic.publish_date" not in flagged and "basic.publish_url" not in flagged


def test_reports_with_more_to_look_at_rank_first_and_the_export_keeps_the_order(world, login):
    _swap(world)  # report A: an error; report B: empty, only a hint that items are missing
    client = login(world.admin)
    response = client.get(CHECKS, SCOPE | {"severity": "all"})
    top = response.context["top"]
    assert [rank.report_id for _, rank, _ in top][:2] == [world.report_a.pk, world.report_b.pk]
    assert "优先核查" in response.content.decode()
    exported = client.get(CHECKS, SCOPE | {"severity": "all", "fmt": "csv"})
    table = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert table[0][:4] == ["排名", "网站名称", "政府网站标识码", "报表状态"]
    assert [row[2] for row in table[1:]] == [r.site.code for r in response.context["rows"]]
    assert table[1][3] == "草稿" and "R-ACCESS-UV-LE-PV" in " ".join(table[1])


def test_the_review_is_computed_once_and_again_after_a_change(world, login):
    client = login(world.admin)
    with CaptureQueriesContext(connection) as first:
        client.get(CHECKS, SCOPE)
    with CaptureQueriesContext(connection) as second:
        client.get(CHECKS, SCOPE)
    assert len(second.captured_queries) < len(first.captured_queries)
    _swap(world)
    rows = client.get(CHECKS, SCOPE).context["rows"]
    assert any("独立用户访问总量（90,000）" in m for r in rows for m in r.problem.messages)


def test_another_part_of_the_application_can_add_a_category_of_flags(world, login):
    register_category("published", "公开核验")

    def published_differs(data):
        return [Flag(f.report_id, "published", ("access.uv",), "公开的报表与批准的版本不一致。", WARNING)
                for f in data.figures]  # fmt: skip

    register_flag_source(published_differs)
    try:
        response = login(world.admin).get(CHECKS, SCOPE | {"kind": "published"})
        rows = response.context["rows"]
        assert rows and all("公开核验" in r.problem.kind_labels for r in rows)
    finally:
        FLAG_SOURCES.remove(published_differs)
        KIND_LABELS.pop("published")


def test_a_threshold_out_of_range_is_refused_with_its_name(world, login):
    response = login(world.admin).get(CHECKS, SCOPE | {"avg_days_max": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "平均办理时间上限（天）应在" in html
    assert 'name="avg_days_max" id="t-avg_days_max" value="0"' in html  # kept to be corrected


def test_a_warning_the_filler_explained_shows_the_explanation_and_ranks_lower(world, login):
    from nianbao.web.reporting.core import Entry
    from nianbao.web.reporting.models import Report
    from nianbao.web.reporting.services import save_values

    odd = GOOD | {"columns.maintained": "3", "columns.new": "5"}
    fill(world.report_a, world.filler, odd)
    client = login(world.admin)
    before = next(r for r in client.get(CHECKS, SCOPE).context["rows"] if r.problem.item == "columns.new")
    report = Report.unscoped.get(pk=world.report_a.pk)
    key = "R-COLUMNS-NEW-LE-MAINTAINED:columns.new,columns.maintained"
    save_values(report, world.filler, {"columns.new": Entry(text="5")}, report.lock_version,
                warning_notes={key: "年中撤并了两个专栏"})  # fmt: skip
    after = next(r for r in client.get(CHECKS, SCOPE).context["rows"] if r.problem.item == "columns.new")
    assert "填报人说明：年中撤并了两个专栏" in after.problem.messages[0]
    assert after.score < before.score


def test_the_excel_export_has_the_same_rows_in_the_same_order(world, login):
    from openpyxl import load_workbook

    _swap(world)
    client = login(world.admin)
    rows = client.get(CHECKS, SCOPE | {"severity": "all"}).context["rows"]
    response = client.get(CHECKS, SCOPE | {"severity": "all", "fmt": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert table[0][0] == "排名" and len(table) == len(rows) + 1
    assert [r[2] for r in table[1:]] == [r.site.code for r in rows]
    assert [r[0] for r in table[1:]] == sorted(r[0] for r in table[1:])


def test_a_website_renamed_in_the_registry_shows_under_its_new_name(world, login):
    _swap(world)
    client = login(world.admin)
    client.get(CHECKS, SCOPE)
    world.site_a.name = "示例区人民政府门户网站（新）"
    world.site_a.save()
    names = {r.site.name for r in client.get(CHECKS, SCOPE).context["rows"]}
    assert "示例区人民政府门户网站（新）" in names
