"""Finding 7i: the 系统管理员 could create an account, make it 审计管理员 and read the audit log, or set any
user's password in the Django admin, leaving only a role-change entry. Now, in the application, granting
the audit role and setting another person's password are refused to the system administrator — through
the Django admin as anywhere, since the refusal is in the data layer — and each refusal is audited. The
audit role is granted on the server (`nianbao manage grant_auditor`), with the operator recorded."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from nianbao.web.audit.models import AuditRecord
from nianbao.web.registry.models import RoleAssignment, User

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def root(client, cast, password):
    user = User.objects.create_superuser("sec_root", password=password)
    client.force_login(user)
    return user


def test_the_admin_cannot_make_anyone_auditor_in_the_django_admin(client, cast, root):
    response = client.post(
        "/admin/registry/roleassignment/add/",
        {"user": cast.nobody.pk, "role": "auditor", "website": "", "region": ""},
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=cast.nobody, role="auditor").exists()
    assert AuditRecord.objects.filter(
        action="access.denied", username="sec_root", detail__path="/admin/registry/roleassignment/add/"
    ).exists()


def test_the_admin_cannot_set_another_users_password(client, cast, root):
    before = User.objects.get(pk=cast.filler.pk).password
    response = client.post(
        f"/admin/registry/user/{cast.filler.pk}/password/",
        {"password1": "Taken-0ver-口令", "password2": "Taken-0ver-口令"},
    )
    assert response.status_code == 403
    assert User.objects.get(pk=cast.filler.pk).password == before
    assert AuditRecord.objects.filter(action="access.denied", username="sec_root").exists()


def test_other_roles_are_still_granted_in_the_admin(client, cast, root):
    response = client.post(
        "/admin/registry/roleassignment/add/",
        {"user": cast.nobody.pk, "role": "filler", "website": cast.site_a.pk, "region": ""},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=cast.nobody, role="filler").exists()


def test_the_audit_role_is_granted_on_the_server_with_the_operator_recorded(cast):
    call_command("grant_auditor", "sec_nobody")
    assert RoleAssignment.objects.filter(user=cast.nobody, role="auditor").exists()
    grant = AuditRecord.objects.get(action="role.grant")
    assert grant.detail["username"] == "sec_nobody" and "operator" in grant.detail


def test_signing_in_as_someone_else_while_signed_in_still_upgrades_their_hash(client, cast, password):
    from django.contrib.auth.hashers import make_password
    from django.test import override_settings

    # B's password is stored with an old hasher; A, signed in, signs in as B on the same browser.
    User.objects.filter(pk=cast.reviewer.pk).update(password=make_password(password, hasher="md5"))
    client.force_login(cast.filler)
    hashers = ["nianbao.web.security.hashers.Argon2idHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=hashers):
        response = client.post("/login/", {"username": "sec_reviewer", "password": password})
    assert response.status_code == 302
    assert User.objects.get(pk=cast.reviewer.pk).password.startswith("argon2")
