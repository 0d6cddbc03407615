import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory, override_settings

from nianbao.web.audit.context import reset_current_request, set_current_request
from nianbao.web.audit.models import AuditRecord
from nianbao.web.audit.service import record
from nianbao.web.registry.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db


def test_a_system_administrator_cannot_also_be_the_auditor(cast):
    with pytest.raises(ValidationError, match="三员"):
        RoleAssignment.objects.create(user=cast.admin, role=Role.AUDITOR)


def test_the_auditor_cannot_also_be_a_system_administrator(cast):
    with pytest.raises(ValidationError):
        RoleAssignment.objects.create(user=cast.auditor, role=Role.ADMIN)
    cast.auditor.is_superuser = True
    with pytest.raises(ValidationError):
        cast.auditor.save()


@override_settings(NIANBAO_SECURITY_LEVEL=3)
def test_at_level_three_the_security_administrator_is_separate_too(cast):
    from nianbao.web.security.separation import check_grant

    with pytest.raises(ValidationError, match="安全管理员"):
        check_grant(cast.admin, "security")


def test_the_system_administrator_cannot_read_the_audit_trail(client, cast):
    record("test.visible")
    client.force_login(cast.admin)
    assert client.get("/audit/").status_code == 403
    cast.admin.is_superuser = True
    cast.admin.save()
    client.force_login(cast.admin)
    assert client.get("/audit/").status_code == 403


def test_the_auditor_reads_the_audit_trail_and_can_check_the_chain(client, cast):
    record("test.visible", detail={"note": "<script>alert(1)</script>"})
    client.force_login(cast.auditor)
    response = client.get("/audit/?verify=1")
    assert response.status_code == 200
    body = response.content.decode()
    assert "test.visible" in body and "哈希链完好" in body
    assert "<script>alert(1)</script>" not in body


def test_nobody_can_reach_audit_records_through_the_admin_site():
    assert AuditRecord not in admin.site._registry


def test_there_is_no_way_to_delete_audit_records_over_the_web(client, cast):
    client.force_login(cast.admin)
    assert client.post("/audit/").status_code in (403, 405)
    assert client.delete("/audit/").status_code in (403, 405)


def test_the_auditor_cannot_change_users_roles_registry_or_reports(cast):
    request = RequestFactory().post("/anything/")
    request.user = cast.auditor
    token = set_current_request(request)
    try:
        cast.nobody.is_active = False
        with pytest.raises(PermissionDenied):
            cast.nobody.save()
        with pytest.raises(PermissionDenied):
            RoleAssignment.objects.create(user=cast.nobody, role=Role.FILLER, website=cast.site_a)
        cast.site_a.name = "改名"
        with pytest.raises(PermissionDenied):
            cast.site_a.save()
        with pytest.raises(PermissionDenied):
            cast.report_a.save()
        with pytest.raises(PermissionDenied):
            cast.report_b.values.all().delete() if cast.report_b.values.exists() else cast.report_b.delete()
    finally:
        reset_current_request(token)


def test_the_auditor_may_still_sign_in_and_change_their_own_password(client, cast, password):
    assert client.post("/login/", {"username": "sec_auditor", "password": password}).status_code == 302
    response = client.post(
        "/security/password/",
        {
            "old_password": password,
            "new_password1": "Auditor-new-Passw0rd",
            "new_password2": "Auditor-new-Passw0rd",
        },
    )
    assert response.status_code == 302
