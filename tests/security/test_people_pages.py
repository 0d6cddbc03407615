"""The 系统管理员 opens accounts and grants, revokes and checks roles through the application's own pages.

Only the system administrator reaches them; role separation and the audit trail hold as they do at the
data layer; bad input is answered in Chinese with nothing saved; a role granted here scopes what its
holder sees at once.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from nianbao.web.audit.models import AuditRecord
from nianbao.web.registry.models import Role, RoleAssignment, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Xin-账户-2021-Passw0rd"
PAGES = ["registry:people", "registry:person_new", "registry:person"]


def _url(name: str, cast) -> str:
    return reverse(name, args=[cast.filler.pk]) if name == "registry:person" else reverse(name)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["filler", "reviewer", "head", "supervisor", "outsider", "auditor", "nobody"])
def test_only_the_system_administrator_reaches_the_people_pages(client, cast, name, who):
    client.force_login(cast.by_role(who))
    assert client.get(_url(name, cast)).status_code == 403
    client.force_login(cast.admin)
    assert client.get(_url(name, cast)).status_code == 200


def test_a_signed_out_visitor_is_sent_to_sign_in(client, cast):
    response = client.get(reverse("registry:people"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _create(client, username="zhang_tianbao", **overrides):
    data = {"username": username, "display_name": "张填报（虚构）", "password1": NEW_PASSWORD}
    data["password2"] = overrides.pop("password2", NEW_PASSWORD)
    data.update(overrides)
    return client.post(reverse("registry:person_new"), data)


def test_an_account_is_created_with_its_password_and_the_trail_records_it(client, cast):
    client.force_login(cast.admin)
    response = _create(client)
    user = User.objects.get(username="zhang_tianbao")
    assert response.status_code == 302 and response["Location"] == reverse("registry:person", args=[user.pk])
    assert user.check_password(NEW_PASSWORD) and user.display_name == "张填报（虚构）"
    assert AuditRecord.objects.filter(action="user.change", detail__username="zhang_tianbao").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "Another-2021-Passw0rd"}, "两次输入的密码不一致"),
        ({"password1": "short", "password2": "short"}, "密码"),
        ({"username": "SEC_FILLER"}, "已被使用"),
        ({"username": "有 空格"}, "用户名只能包含"),
        ({"display_name": ""}, "这个字段是必填项"),
    ],
)
def test_bad_input_for_a_new_account_is_named_and_nothing_is_saved(client, cast, overrides, message):
    client.force_login(cast.admin)
    before = User.objects.count()
    response = _create(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == before


def _grant(client, subject, role, scope=""):
    return client.post(
        reverse("registry:person", args=[subject.pk]), {"action": "grant", "role": role, "scope": scope}
    )


def test_a_role_granted_on_a_site_lets_its_holder_see_that_sites_report_and_revoking_takes_it_away(
    client, cast
):
    client.force_login(cast.admin)
    _create(client)
    person = User.objects.get(username="zhang_tianbao")
    _grant(client, person, Role.FILLER, cast.site_b.code)
    assignment = RoleAssignment.objects.get(user=person)
    assert (assignment.role, assignment.website) == (Role.FILLER, cast.site_b)
    assert AuditRecord.objects.filter(action="role.change", detail__change="granted").exists()

    report = reverse("reporting:entry", args=[cast.report_b.pk])
    client.force_login(person)
    assert client.get(report).status_code == 200
    assert client.get(reverse("reporting:entry", args=[cast.report_a.pk])).status_code == 404

    client.force_login(cast.admin)
    revoke = {"action": "revoke", "assignment": assignment.pk}
    client.post(reverse("registry:person", args=[person.pk]), revoke)
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert AuditRecord.objects.filter(action="role.change", detail__change="revoked").exists()
    client.force_login(person)
    assert client.get(report).status_code == 404


def test_a_supervisor_is_granted_on_a_region_by_its_code(client, cast):
    client.force_login(cast.admin)
    _grant(client, cast.nobody, Role.SUPERVISOR, "459200")
    assert RoleAssignment.objects.get(user=cast.nobody).region.name == "乙市"


@pytest.mark.parametrize(
    ("role", "scope", "message"),
    [
        (Role.FILLER, "9999999999", "找不到政府网站标识码为“9999999999”的网站"),
        (Role.REVIEWER, "", "网站角色须填写网站标识码"),
        (Role.SUPERVISOR, "4591010001", "找不到行政区划代码为“4591010001”的地区"),
        (Role.AUDITOR, "459100", "系统角色对全系统有效"),
        ("owner", "", "选择一个有效的选项"),
    ],
)
def test_a_grant_that_cannot_be_placed_is_named_and_nothing_is_saved(client, cast, role, scope, message):
    client.force_login(cast.admin)
    response = _grant(client, cast.nobody, role, scope)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RoleAssignment.objects.filter(user=cast.nobody).exists()


def test_role_separation_refuses_an_auditor_who_is_an_administrator(client, cast):
    client.force_login(cast.admin)
    response = _grant(client, cast.admin, Role.AUDITOR)
    assert response.status_code == 200
    assert "三员（管理员）角色须由不同的人担任" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=cast.admin, role=Role.AUDITOR).exists()


def test_a_role_held_already_is_not_granted_twice(client, cast):
    client.force_login(cast.admin)
    response = _grant(client, cast.filler, Role.FILLER, cast.site_a.code)
    assert "已有该角色" in response.content.decode()
    assert RoleAssignment.objects.filter(user=cast.filler).count() == 1


def test_a_disabled_account_cannot_sign_in_and_the_administrator_cannot_disable_their_own(
    client, cast, password
):
    signed_in = Client()
    signed_in.force_login(cast.filler)
    assert signed_in.get(reverse("reporting:home")).status_code == 200
    client.force_login(cast.admin)
    client.post(reverse("registry:person", args=[cast.filler.pk]), {"action": "disable"})
    cast.filler.refresh_from_db()
    assert not cast.filler.is_active
    # The session already open ends at once.
    assert signed_in.get(reverse("reporting:home"))["Location"].startswith(reverse("login"))
    client.post(reverse("registry:person", args=[cast.admin.pk]), {"action": "disable"})
    cast.admin.refresh_from_db()
    assert cast.admin.is_active
    client.logout()
    assert not client.login(username=cast.filler.username, password=password)


def test_the_list_finds_people_by_site_code_and_shows_their_roles(client, cast):
    client.force_login(cast.admin)
    page = client.get(reverse("registry:people"), {"q": cast.site_a.code}).content.decode()
    assert cast.filler.username in page and cast.reviewer.username in page
    assert cast.outsider.username not in page
    assert "填报人（甲区门户网站）" in page


@pytest.mark.parametrize("assignment", ["abc", "", "99999999", "１２"])
def test_revoking_a_role_that_is_not_there_says_so(client, cast, assignment):
    client.force_login(cast.admin)
    url = reverse("registry:person", args=[cast.filler.pk])
    response = client.post(url, {"action": "revoke", "assignment": assignment}, follow=True)
    assert "该角色已不存在" in response.content.decode()
    assert RoleAssignment.objects.filter(user=cast.filler).count() == 1


def test_the_list_pages_through_many_accounts_keeping_the_search(client, cast, monkeypatch):
    from nianbao.web.registry import people

    monkeypatch.setattr(people, "PAGE_SIZE", 2)
    client.force_login(cast.admin)
    first = client.get(reverse("registry:people"), {"q": "sec_"}).content.decode()
    # Eight accounts named sec_…, two to a page.
    assert "第 1 / 4 页" in first and 'href="?q=sec_&amp;page=2"' in first
    last = client.get(reverse("registry:people"), {"q": "sec_", "page": "4"}).content.decode()
    assert 'href="?q=sec_&amp;page=3"' in last and "下一页" not in last
