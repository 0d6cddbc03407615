"""The public list: published reports only, by year, region and 网站类型, searchable, paginated, no login."""

from __future__ import annotations

import pytest

from nianbao.web.public import views
from tests.web.workflow_helpers import to_state

LIST = "/public/"


@pytest.fixture
def published_a(world):
    return to_state(world.report_a, world, "published")


def test_anyone_sees_published_reports_and_never_unpublished_ones(client, world, published_a):
    html = client.get(LIST).content.decode()
    assert world.site_a.name in html
    assert world.site_b.name not in html


@pytest.mark.parametrize("state", ["draft", "submitted", "reviewed", "approved"])
def test_a_report_before_publication_is_not_listed(client, world, state):
    if state != "draft":
        to_state(world.report_a, world, state)
    assert client.get(LIST).context["page"].paginator.count == 0


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"q": "示例区"}, True),
        ({"q": "4501020"}, True),
        ({"q": "演示县"}, False),
        ({"year": "2020"}, True),
        ({"year": "2019"}, False),
        ({"region": "450100"}, True),
        ({"region": "450200"}, False),
        ({"type": "政府门户网站"}, True),
        ({"type": "部门网站"}, False),
    ],
)
def test_the_list_filters_and_searches(client, world, published_a, params, found):
    count = client.get(LIST, params).context["page"].paginator.count
    assert count == (1 if found else 0)


def test_a_huge_page_number_gives_the_last_page(client, world, published_a, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 1)
    response = client.get(LIST, {"page": "99999999999999999999"})
    assert response.status_code == 200
    assert response.context["page"].number == 1


@pytest.mark.parametrize(
    "params",
    [
        {"year": "2020 OR 1=1"},
        {"region": "'; DROP TABLE registry_region; --"},
        {"region": "999999"},
        {"type": "<script>"},
        {"q": "x" * 500},
        {"page": "-3"},
        {"page": "abc"},
    ],
)
def test_hostile_parameters_give_a_message_or_nothing(client, world, published_a, params):
    response = client.get(LIST, params)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'role="alert"' in response.content.decode()
