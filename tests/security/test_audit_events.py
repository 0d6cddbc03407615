import pytest
from django.contrib.auth import authenticate
from django.http import HttpResponse
from django.test import RequestFactory

from nianbao.web.audit.middleware import AuditMiddleware
from nianbao.web.audit.models import AuditRecord
from nianbao.web.registry.models import Role, RoleAssignment
from nianbao.web.reporting.models import Report
from nianbao.web.reporting.services import save_values

pytestmark = pytest.mark.django_db


def _last(action):
    return AuditRecord.objects.filter(action=action).order_by("-seq").first()


def test_a_login_is_recorded_with_an_ipv6_address(client, cast, password):
    client.post(
        "/login/", {"username": "sec_filler", "password": password, "next": "/"}, REMOTE_ADDR="2001:db8::7"
    )
    entry = _last("auth.login.ok")
    assert entry is not None
    assert (entry.username, entry.user_id, entry.outcome) == ("sec_filler", cast.filler.pk, "ok")
    assert entry.client_ip == "2001:db8::7"


def test_a_failed_login_is_recorded_without_the_password(cast):
    request = RequestFactory().post("/login/", REMOTE_ADDR="10.1.2.3")
    assert authenticate(request, username="sec_filler", password="wrong-Passw0rd") is None
    entry = _last("auth.login.failed")
    assert entry is not None
    assert (entry.outcome, entry.client_ip, entry.detail["username"]) == ("failed", "10.1.2.3", "sec_filler")
    assert "wrong-Passw0rd" not in str(entry.detail)


def test_a_logout_is_recorded(client, cast):
    client.force_login(cast.filler)
    client.post("/logout/")
    entry = _last("auth.logout")
    assert entry is not None and entry.user_id == cast.filler.pk


def test_a_save_of_report_values_is_recorded_as_an_edit(cast):
    from nianbao.web.reporting.core import Entry

    report = cast.report_a
    save_values(report, cast.filler, {"info.total": Entry("12")}, lock_version=report.lock_version)
    entry = _last("report.edit")
    assert entry is not None
    assert (entry.object_type, entry.object_id, entry.user_id) == (
        "reporting.report",
        str(report.pk),
        cast.filler.pk,
    )


def test_a_refused_transition_is_recorded_as_denied(cast):
    from nianbao.web.reporting.services import WorkflowError, review

    with pytest.raises(WorkflowError):
        review(Report.unscoped.get(pk=cast.report_a.pk), cast.filler)
    entry = _last("report.review")
    assert entry is not None and entry.outcome == "denied"


def test_a_role_grant_and_revocation_are_recorded(cast):
    grant = RoleAssignment.objects.create(user=cast.nobody, role=Role.REVIEWER, website=cast.site_b)
    granted = _last("role.change")
    assert granted.detail["change"] == "granted" and granted.detail["user"] == "sec_nobody"
    grant.delete()
    assert _last("role.change").detail["change"] == "revoked"


def test_disabling_a_user_is_recorded(cast):
    cast.nobody.is_active = False
    cast.nobody.save()
    entry = _last("user.change")
    assert entry.object_id == str(cast.nobody.pk)
    assert entry.detail["values"]["is_active"] == [True, False]


def test_a_password_change_is_recorded_without_the_hash(cast):
    cast.nobody.set_password("Another-Passw0rd")
    cast.nobody.save()
    entry = _last("user.change")
    assert entry.detail["fields"] == ["password"]
    assert "values" not in entry.detail


def test_a_forbidden_response_is_recorded_as_access_denied(cast):
    request = RequestFactory().post("/some/page/", REMOTE_ADDR="::1")
    request.user = cast.outsider
    AuditMiddleware(lambda r: HttpResponse(status=403))(request)
    entry = _last("access.denied")
    assert (entry.outcome, entry.user_id, entry.client_ip) == ("denied", cast.outsider.pk, "::1")
    assert entry.detail == {"method": "POST", "path": "/some/page/"}


def test_a_download_is_recorded_as_an_export(cast):
    request = RequestFactory().get("/reports/1/download.xlsx")
    request.user = cast.filler

    def view(r):
        response = HttpResponse(b"x")
        response["Content-Disposition"] = 'attachment; filename="report.xlsx"'
        return response

    AuditMiddleware(view)(request)
    entry = _last("export.download")
    assert entry.user_id == cast.filler.pk and "report.xlsx" in entry.detail["disposition"]
