"""Finding 7e: one address could try passwords on every account, and anyone could lock any account (the
administrator's too) with five requests. Failures are now counted per client address as well (passwords and
second-factor codes alike); and `nianbao manage unlock` is the documented way back for a locked-out
administrator."""

from __future__ import annotations

import pyotp
import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from nianbao.cli.manage import OVERVIEW
from nianbao.web.audit.models import AuditRecord
from nianbao.web.security.conf import int_value
from nianbao.web.security.models import TOTPDevice

pytestmark = [pytest.mark.django_db]

STRANGER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"


def _login(username, password, address):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/login/", {"username": username, "password": password})
    return client, response


def test_one_address_trying_many_accounts_is_stopped(cast, password):
    limit = int_value("NIANBAO_ADDRESS_MAX_FAILURES")
    for n in range(limit):
        _login(f"someone{n}", "Wrong-Passw0rd", STRANGER)  # a different account each time: no account lock
    assert AuditRecord.objects.filter(action="auth.address.blocked", detail__address=STRANGER).exists()
    # From that address even a right password gets nowhere now...
    client, response = _login("sec_filler", password, STRANGER)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    # ...while the same person from another address signs in: the account itself is not locked.
    client, response = _login("sec_filler", password, COLLEAGUE)
    assert response.status_code == 302 and "_auth_user_id" in client.session


@override_settings(NIANBAO_TOTP_REQUIRED_ROLES="admin", NIANBAO_ADDRESS_MAX_FAILURES=3)
def test_wrong_codes_count_for_the_address_too(cast, password):
    TOTPDevice.objects.create(user=cast.admin, secret=pyotp.random_base32(), confirmed=True)
    TOTPDevice.objects.create(user=cast.auditor, secret=pyotp.random_base32(), confirmed=True)
    client, _ = _login("sec_admin", password, STRANGER)
    for _ in range(3):
        client.post("/security/otp/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    # Another account, same address: the address is blocked, so the password step already fails.
    client, _ = _login("sec_auditor", password, STRANGER)
    assert "_auth_user_id" not in client.session


def test_an_administrator_locked_out_by_strangers_gets_back_with_manage_unlock(cast, password):
    for n in range(5):
        _login("sec_admin", "Wrong-Passw0rd", f"192.0.2.{n + 1}")  # five strangers, five addresses
    client, _response = _login("sec_admin", password, COLLEAGUE)
    assert "_auth_user_id" not in client.session  # locked
    call_command("unlock", "sec_admin")
    client, _ = _login("sec_admin", password, COLLEAGUE)
    assert "_auth_user_id" in client.session
    unlock = AuditRecord.objects.get(action="auth.unlock")
    assert unlock.detail["username"] == "sec_admin" and unlock.detail["via"] == "nianbao manage unlock"
    assert "unlock" in OVERVIEW  # documented where the administrator looks first


@override_settings(NIANBAO_ADDRESS_MAX_FAILURES=2)
def test_the_security_page_lifts_an_address_block_too(client, cast, password):
    for n in range(2):
        _login(f"someone{n}", "Wrong-Passw0rd", STRANGER)
    page_client = Client()
    page_client.force_login(cast.admin)  # level 2: the 系统管理员 may lift locks
    listed = page_client.get("/security/locked/").content.decode()
    assert STRANGER in listed
    page_client.post("/security/locked/", {"username": f"#addr {STRANGER}"})
    client, _ = _login("sec_filler", password, STRANGER)
    assert "_auth_user_id" in client.session
