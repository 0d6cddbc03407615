"""The 安全管理员 (level 3's third administrator) can be granted, stays separate, and lifts login lockouts."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import override_settings

from nianbao.web.audit.models import AuditRecord
from nianbao.web.registry.models import Role, RoleAssignment
from nianbao.web.security import lockout

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_admin(db):
    user = get_user_model().objects.create_user("安全员示例", password="Aa1!secure-example")
    RoleAssignment.objects.create(user=user, role=Role.SECURITY)
    return user


def lock(username: str) -> None:
    while not lockout.note_failure(username):
        pass


@override_settings(NIANBAO_SECURITY_LEVEL=3)
def test_at_level_three_the_system_administrator_cannot_become_the_security_administrator(cast):
    with pytest.raises(ValidationError, match="安全管理员"):
        RoleAssignment.objects.create(user=cast.admin, role=Role.SECURITY)


def test_the_security_administrator_lifts_a_lock_and_the_audit_trail_says_so(client, security_admin):
    lock("someone")
    client.force_login(security_admin)
    assert "someone" in client.get("/security/locked/").content.decode()
    client.post("/security/locked/", {"username": "someone"})
    assert lockout.locked_until("someone") is None
    assert AuditRecord.objects.filter(action="auth.unlock", detail__username="someone").exists()


@override_settings(NIANBAO_SECURITY_LEVEL=3)
def test_at_level_three_only_the_security_administrator_lifts_locks(client, cast, security_admin):
    lock("someone")
    client.force_login(cast.admin)
    assert client.post("/security/locked/", {"username": "someone"}).status_code == 403
    assert lockout.locked_until("someone") is not None
    client.force_login(security_admin)
    assert client.get("/security/locked/").status_code == 200


def test_staff_and_the_auditor_cannot_lift_locks(client, cast):
    lock("someone")
    for person in (cast.filler, cast.supervisor, cast.auditor):
        client.force_login(person)
        assert client.post("/security/locked/", {"username": "someone"}).status_code == 403
    assert lockout.locked_until("someone") is not None
