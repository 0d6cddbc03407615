from django.urls import reverse

from .test_entry_page import form_for
from .workflow_helpers import fill


def check(client, report, values):
    return client.post(reverse("reporting:check", args=[report.pk]), form_for(report, values)).json()


def test_an_unreadable_count_is_an_error_beside_the_item(world, client):
    client.force_login(world.filler)
    result = check(client, world.report_a, {"access.uv": "很多"})
    assert [f["severity"] for f in result["items"]["access.uv"]] == ["error"]


def test_a_cross_item_rule_is_shown_beside_both_items(world, client):
    client.force_login(world.filler)
    result = check(client, world.report_a, {"access.uv": "500", "access.pv": "100"})
    assert result["items"]["access.uv"] and result["items"]["access.pv"]


def test_warnings_come_with_their_keys_for_an_explanation(world, client):
    report = fill(world.report_a, world.filler)
    client.force_login(world.filler)
    result = check(client, report, {"columns.maintained": "2", "columns.new": "5"})
    assert any(w["key"].startswith("R-COLUMNS-NEW-LE-MAINTAINED") for w in result["warnings"])


def test_the_computed_rate_follows_what_is_typed(world, client):
    client.force_login(world.filler)
    values = {"interaction.messages.closed": "8", "interaction.messages.on_time": "6"}
    result = check(client, world.report_a, values)
    assert result["computed"]["interaction.messages.on_time_rate"] == "75"


def test_the_three_states_are_reported(world, client):
    client.force_login(world.filler)
    data = form_for(world.report_a, {"access.uv": "0", "access.pv": ""}, none=["info.total"])
    result = client.post(reverse("reporting:check", args=[world.report_a.pk]), data).json()
    assert (result["states"]["access.uv"], result["states"]["info.total"], result["states"]["access.pv"]) == (
        "value",
        "none",
        "blank",
    )


def test_a_blank_publication_date_is_not_an_error_while_drafting(world, client):
    client.force_login(world.filler)
    result = check(client, world.report_a, {"basic.publish_date": ""})
    assert "basic.publish_date" not in result["items"]
    page = client.get(reverse("reporting:entry", args=[world.report_a.pk])).content.decode()
    assert "公开时间：必填项未填写" not in page
