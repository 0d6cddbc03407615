"""The workflow driven through the pages, as the browser does: every transition and each refusal."""

import datetime as dt

import pytest
from django.urls import reverse

from nianbao.web.reporting.models import ItemComment, Report, State, Transition

from .workflow_helpers import explain_all, fill, to_state


def act(client, report, action, **data):
    return client.post(reverse("reporting:act", args=[report.pk, action]), data)


def state_of(report):
    return Report.unscoped.get(pk=report.pk).state


def test_the_whole_workflow_through_the_pages(world, client):
    report = fill(world.report_a, world.filler)
    client.force_login(world.filler)
    notes = {f"note:{k}": v for k, v in explain_all(report).items()}
    assert act(client, report, "submit", **notes).status_code == 302
    client.force_login(world.reviewer)
    assert act(client, report, "review").status_code == 302
    client.force_login(world.head)
    assert act(client, report, "approve").status_code == 302
    published = act(
        client, report, "publish", published_on="2021-01-20", public_url="http://www.example.gov.cn/a.html"
    )
    assert published.status_code == 302
    assert state_of(report) == State.PUBLISHED


def test_a_return_through_the_page_keeps_item_reasons(world, client):
    report = to_state(world.report_a, world, "submitted")
    client.force_login(world.reviewer)
    act(client, report, "return", reason="请核实访问量", **{"comment:access.uv": "UV 明显偏高"})
    assert state_of(report) == State.RETURNED
    client.force_login(world.filler)
    page = client.get(reverse("reporting:entry", args=[report.pk])).content.decode()
    assert "请核实访问量" in page and "UV 明显偏高" in page


@pytest.mark.parametrize(
    ("state", "action", "who", "status"),
    [
        ("submitted", "approve", "head", 409),  # skips 审核
        ("submitted", "review", "filler", 403),  # wrong role
        ("reviewed", "approve", "reviewer", 403),
        ("approved", "review", "reviewer", 409),
        ("published", "return", "supervisor", 409),
        ("submitted", "publish", "head", 409),
    ],
)
def test_a_forged_transition_is_refused_and_changes_nothing(world, client, state, action, who, status):
    report = to_state(world.report_a, world, state)
    client.force_login(getattr(world, who))
    before = Transition.objects.filter(report=report).count()
    response = act(
        client, report, action, reason="伪造", published_on="2021-01-20", public_url="http://a.example/"
    )
    assert response.status_code == status
    assert "操作未完成" in response.content.decode()
    assert state_of(report) == state
    assert Transition.objects.filter(report=report).count() == before


def test_a_double_submit_is_refused_the_second_time(world, client):
    report = fill(world.report_a, world.filler)
    client.force_login(world.filler)
    notes = {f"note:{k}": v for k, v in explain_all(report).items()}
    act(client, report, "submit", **notes)
    second = act(client, report, "submit", **notes)
    assert second.status_code == 409
    assert Transition.objects.filter(report=report, action="submit").count() == 1


def test_an_unknown_action_is_not_found(world, client):
    client.force_login(world.filler)
    assert act(client, world.report_a, "delete").status_code == 404


def test_a_return_comment_on_an_unknown_item_is_refused(world, client):
    report = to_state(world.report_a, world, "submitted")
    client.force_login(world.reviewer)
    response = act(client, report, "return", reason="请修改", **{"comment:no.such.item": "x"})
    assert response.status_code == 409
    assert not ItemComment.objects.filter(report=report).exists()


def test_a_malformed_publication_date_is_refused(world, client):
    report = to_state(world.report_a, world, "approved")
    client.force_login(world.head)
    response = act(client, report, "publish", published_on="下周", public_url="http://a.example/")
    assert response.status_code == 409
    assert "公开时间" in response.content.decode()
    assert state_of(report) == State.APPROVED


def test_submitting_from_the_entry_page_saves_first(world, client):
    report = fill(world.report_a, world.filler)
    client.force_login(world.filler)
    data = {"lock_version": str(Report.unscoped.get(pk=report.pk).lock_version), "k": ["access.uv"]}
    data |= {"v:access.uv": "130000", "do": "submit"}
    data |= {f"note:{k}": v for k, v in explain_all(report).items()}
    client.post(reverse("reporting:entry", args=[report.pk]), data)
    stored = Report.unscoped.get(pk=report.pk)
    assert stored.core().get("access.uv").data == 130000
    assert stored.state == State.SUBMITTED


def test_the_history_page_lists_changes_and_transitions(world, client):
    report = to_state(world.report_a, world, "reviewed")
    client.force_login(world.filler)
    page = client.get(reverse("reporting:history", args=[report.pk])).content.decode()
    assert "审核通过" in page and "独立用户访问总量" in page and "560000" in page


def test_the_publication_date_cannot_be_in_the_future_over_http(world, client):
    report = to_state(world.report_a, world, "approved")
    client.force_login(world.head)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert (
        act(client, report, "publish", published_on=tomorrow, public_url="http://a.example/").status_code
        == 409
    )


def test_a_supervisor_opens_a_year_and_every_site_gets_a_report(world, client):
    client.force_login(world.supervisor)
    city = world.site_a.region.parent
    response = client.post(
        reverse("reporting:open_year"), {"region": city.pk, "year": "2021", "deadline": ""}
    )
    assert response.status_code == 302
    report = Report.unscoped.get(website=world.site_a, period__year=2021)
    assert report.period.deadline == dt.date(2022, 1, 31)
    assert report.core().get("basic.site_code").data == world.site_a.code
    assert not Report.unscoped.filter(website=world.site_b, period__year=2021).exists()


def test_a_year_cannot_be_opened_twice(world, client):
    client.force_login(world.supervisor)
    city = world.site_a.region.parent
    client.post(reverse("reporting:open_year"), {"region": city.pk, "year": "2021"})
    page = client.post(reverse("reporting:open_year"), {"region": city.pk, "year": "2021"}).content.decode()
    assert "已经开启" in page


def test_the_admin_cannot_edit_history(world, client):
    client.force_login(world.admin)
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    fill(world.report_a, world.filler)
    from nianbao.web.reporting.models import ValueChange

    change = ValueChange.objects.filter(report=world.report_a).first()
    url = reverse("admin:reporting_valuechange_change", args=[change.pk])
    response = client.post(url, {"new_raw": "篡改"})
    assert response.status_code in (302, 403)
    assert ValueChange.objects.get(pk=change.pk).new_raw != "篡改"
    delete = reverse("admin:reporting_valuechange_delete", args=[change.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ValueChange.objects.filter(pk=change.pk).exists()


def test_the_history_shows_computed_values_as_printed(world, client):
    fill(world.report_a, world.filler)
    client.force_login(world.filler)
    page = client.get(reverse("reporting:history", args=[world.report_a.pk])).content.decode()
    assert "按时办结率" in page and "<td>95</td>" in page and "自动计算" in page
