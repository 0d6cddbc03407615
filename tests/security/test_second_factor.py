import time

import pyotp
import pytest
from django.test import override_settings

from nianbao.web.security.models import TOTPDevice

pytestmark = [pytest.mark.django_db]

REQUIRED = override_settings(NIANBAO_TOTP_REQUIRED_ROLES="supervisor,admin,auditor")


def _login(client, username, password):
    assert client.post("/login/", {"username": username, "password": password}).status_code == 302


def _code(secret, offset=0):
    return pyotp.TOTP(secret).at(time.time() + offset)


@REQUIRED
def test_a_supervisor_must_set_up_a_second_factor_first(client, cast, password):
    _login(client, "sec_supervisor", password)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/security/otp/setup/")
    page = client.get("/security/otp/setup/")
    secret = page.context["secret"]
    assert client.post("/security/otp/setup/", {"code": "000000"}).status_code == 200
    assert client.get("/").status_code == 302
    assert client.post("/security/otp/setup/", {"code": _code(secret)}).status_code == 302
    assert client.get("/").status_code == 200
    assert TOTPDevice.objects.get(user=cast.supervisor).confirmed


@REQUIRED
def test_the_next_login_asks_for_a_code_and_refuses_a_wrong_or_reused_one(client, cast, password):
    secret = pyotp.random_base32()
    TOTPDevice.objects.create(user=cast.admin, secret=secret, confirmed=True)
    _login(client, "sec_admin", password)
    response = client.get("/")
    assert response["Location"].startswith("/security/otp/")
    assert (
        client.post(
            "/security/otp/", {"code": "123456" if _code(secret) != "123456" else "654321"}
        ).status_code
        == 200
    )
    assert client.get("/").status_code == 302
    code = _code(secret)
    assert client.post("/security/otp/", {"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout/")
    _login(client, "sec_admin", password)
    assert client.post("/security/otp/", {"code": code}).status_code == 200  # the same code, replayed


@REQUIRED
def test_guessing_codes_locks_the_account(client, cast, password):
    TOTPDevice.objects.create(user=cast.admin, secret=pyotp.random_base32(), confirmed=True)
    _login(client, "sec_admin", password)
    for _ in range(5):
        client.post("/security/otp/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert client.post("/login/", {"username": "sec_admin", "password": password}).status_code == 200


@REQUIRED
def test_a_filler_without_a_device_is_not_asked(client, cast, password):
    _login(client, "sec_filler", password)
    assert client.get("/").status_code == 200


def test_the_default_requires_it_for_supervisors_and_administrators():
    from nianbao.web.security.conf import SECURITY_SETTINGS

    default = {s.name: s.default for s in SECURITY_SETTINGS}["NIANBAO_TOTP_REQUIRED_ROLES"]
    assert {"supervisor", "admin"} <= set(default.split(","))


def test_none_from_the_environment_means_no_role_must_use_totp(monkeypatch, settings):
    from nianbao.web.security.conf import roles_value

    if hasattr(settings, "NIANBAO_TOTP_REQUIRED_ROLES"):
        del settings.NIANBAO_TOTP_REQUIRED_ROLES
    monkeypatch.setenv("NIANBAO_TOTP_REQUIRED_ROLES", "none")
    assert roles_value("NIANBAO_TOTP_REQUIRED_ROLES") == frozenset()
    monkeypatch.setenv("NIANBAO_TOTP_REQUIRED_ROLES", "")
    assert "supervisor" in roles_value("NIANBAO_TOTP_REQUIRED_ROLES")
