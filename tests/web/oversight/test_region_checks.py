"""The region-wide checks page: findings and flags in one list, linked to the item, markable as checked."""

from __future__ import annotations

from nianbao.web.oversight.models import FlagReview
from tests.web.workflow_helpers import GOOD, fill

CHECKS = "/oversight/checks/"


def _impossible_access(world):
    fill(world.report_a, world.filler, GOOD | {"access.uv": "90000", "access.pv": "60000"})


def test_an_impossible_pair_shows_with_its_explanation_and_a_link_to_the_item(world, login):
    _impossible_access(world)
    response = login(world.supervisor).get(CHECKS, {"region": "450100", "year": "2020", "kind": "combo"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "独立用户访问总量（90,000）大于网站总访问量（60,000）" in html
    assert f"/reports/{world.report_a.pk}/#item-access.uv" in html


def test_validation_findings_of_every_report_are_in_the_list(world, login):
    _impossible_access(world)
    response = login(world.admin).get(
        CHECKS, {"region": "450000", "year": "2020", "kind": "finding", "severity": "all"}
    )
    sites = {row.site.code for row in response.context["rows"]}
    assert sites == {world.site_a.code, world.site_b.code}  # B is empty: its required items are missing
    assert all("finding" in row.problem.kinds for row in response.context["rows"])


def test_a_supervisor_marks_a_flag_checked_with_a_note_kept_on_the_report(world, login):
    _impossible_access(world)
    client = login(world.supervisor)
    row = next(r for r in client.get(CHECKS, {"region": "450100", "kind": "combo"}).context["rows"])
    response = client.post(
        "/oversight/checks/mark/",
        {"report": row.report_id, "key": row.problem.key, "kind": "combo", "message": row.problem.messages[0],
         "note": "已电话核实，统计口径有误，已要求改正", "next": "/oversight/checks/?region=450100"},
    )  # fmt: skip
    assert response.status_code == 302
    review = FlagReview.objects.get(report=world.report_a)
    assert (review.key, review.checked_by) == ("combo:access.uv,access.pv", world.supervisor)
    rows = client.get(CHECKS, {"region": "450100", "kind": "combo", "status": "checked"}).context["rows"]
    assert [r.review.note for r in rows] == ["已电话核实，统计口径有误，已要求改正"]
    assert "已电话核实" in client.get(f"/oversight/reports/{world.report_a.pk}/flags/").content.decode()


def test_a_supervisor_of_another_city_cannot_mark_a_flag(world, login):
    _impossible_access(world)
    login(world.far_supervisor).post(
        "/oversight/checks/mark/",
        {
            "report": world.report_a.pk,
            "key": "combo:access.pv,access.uv",
            "kind": "combo",
            "note": "越权核查",
        },
    )
    assert not FlagReview.objects.exists()


def test_a_filler_cannot_mark_their_own_flags(world, login):
    login(world.filler).post(
        "/oversight/checks/mark/",
        {"report": world.report_a.pk, "key": "combo:access.pv,access.uv", "kind": "combo", "note": "没问题"},
    )
    assert not FlagReview.objects.exists()


def test_a_note_is_required(world, login):
    login(world.supervisor).post(
        "/oversight/checks/mark/",
        {"report": world.report_a.pk, "key": "combo:access.pv,access.uv", "kind": "combo", "note": " "},
    )
    assert not FlagReview.objects.exists()


def test_an_off_site_return_address_is_ignored(world, login):
    response = login(world.supervisor).post(
        "/oversight/checks/mark/",
        {
            "report": world.report_a.pk,
            "key": "x:y",
            "kind": "combo",
            "note": "已核",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"].startswith("/oversight/checks/")
