"""Every page of a report × every persona × their own site or another: 200, 404 or the login page."""

import pytest
from django.urls import reverse

# Who may see report A (site A, 示例市 › 示例区): its three staff, the 示例市 supervisor, the administrator.
SEES_A = {"filler", "reviewer", "head", "supervisor", "admin"}
SEES_B = {"outsider", "far_supervisor", "admin"}
PERSONAS = ["filler", "reviewer", "head", "supervisor", "outsider", "far_supervisor", "admin", "nobody"]
PAGES = [
    ("get", "reporting:entry", {}),
    ("get", "reporting:history", {}),
    ("post", "reporting:check", {}),
    ("get", "reporting:download", {"fmt": "html"}),
]


def url_for(name, report, extra):
    return reverse(name, kwargs={"pk": report.pk, **extra})


@pytest.mark.parametrize(("method", "name", "extra"), PAGES)
@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("site", ["A", "B"])
def test_a_report_page_is_shown_only_to_those_with_a_role_on_it(
    world, client, method, name, extra, who, site
):
    report = world.report_a if site == "A" else world.report_b
    client.force_login(getattr(world, who))
    response = getattr(client, method)(url_for(name, report, extra))
    allowed = who in (SEES_A if site == "A" else SEES_B)
    assert response.status_code == (200 if allowed else 404)


@pytest.mark.parametrize(("method", "name", "extra"), PAGES)
def test_a_signed_out_visitor_is_sent_to_the_login_page(world, client, method, name, extra):
    response = getattr(client, method)(url_for(name, world.report_a, extra))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


ACTIONS = ["submit", "review", "approve", "publish", "return", "correct"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["outsider", "far_supervisor", "nobody"])
def test_an_action_on_another_sites_report_is_not_found(world, client, action, who):
    client.force_login(getattr(world, who))
    response = client.post(reverse("reporting:act", args=[world.report_a.pk, action]), {"reason": "试图越权"})
    assert response.status_code == 404


def test_home_lists_only_the_users_reports(world, client):
    client.force_login(world.outsider)
    page = client.get(reverse("reporting:home")).content.decode()
    assert world.site_b.name in page and world.site_a.name not in page


def test_the_website_list_is_scoped(world, client):
    client.force_login(world.supervisor)
    page = client.get(reverse("registry:websites")).content.decode()
    assert world.site_a.code in page and world.site_b.code not in page


@pytest.mark.parametrize("who", ["filler", "reviewer", "head", "outsider", "nobody"])
def test_only_supervisors_import_the_directory_or_open_a_year(world, client, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("registry:import")).status_code == 403
    assert client.get(reverse("reporting:open_year")).status_code == 403
