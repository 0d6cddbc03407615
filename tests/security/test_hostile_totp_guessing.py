"""Finding 1: second-factor codes could be guessed without limit.

A right password cleared the failure count, so four wrong codes per login never reached the limit of
five; and the code page never looked at the lock, so a session past the password step kept guessing (and
logged in with a right code) while another session had locked the account.
"""

import time

import pyotp
import pytest
from django.test import Client, override_settings

from nianbao.web.security.models import LoginThrottle, TOTPDevice

pytestmark = [pytest.mark.django_db]

REQUIRED = override_settings(NIANBAO_TOTP_REQUIRED_ROLES="supervisor,admin,auditor")


def _wrong(secret):
    # A six-digit code that matches none of the three steps the verifier accepts.
    accepted = {pyotp.TOTP(secret).at(time.time() + offset) for offset in (-30, 0, 30)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in accepted)


def _past_password(username, password):
    client = Client()
    assert client.post("/login/", {"username": username, "password": password}).status_code == 302
    return client


@pytest.fixture
def device(cast):
    return TOTPDevice.objects.create(user=cast.admin, secret=pyotp.random_base32(), confirmed=True)


@REQUIRED
def test_four_wrong_codes_per_login_still_reach_the_lock(cast, password, device):
    wrong = _wrong(device.secret)
    first = _past_password("sec_admin", password)
    for _ in range(4):
        assert first.post("/security/otp/", {"code": wrong}).status_code == 200
    # A new login, in a new session, with the right password: the four guesses are still counted.
    second = _past_password("sec_admin", password)
    assert LoginThrottle.objects.get(username="sec_admin").failures == 4
    second.post("/security/otp/", {"code": wrong})
    assert "_auth_user_id" not in second.session
    assert LoginThrottle.objects.get(username="sec_admin").locked_until is not None
    # And the locked account cannot start again, not even with the right password.
    assert Client().post("/login/", {"username": "sec_admin", "password": password}).status_code == 200


@REQUIRED
def test_a_session_past_the_password_cannot_use_a_right_code_once_the_account_is_locked(
    cast, password, device
):
    waiting = _past_password("sec_admin", password)
    looking = _past_password("sec_admin", password)
    guesser = _past_password("sec_admin", password)
    wrong = _wrong(device.secret)
    for _ in range(5):
        guesser.post("/security/otp/", {"code": wrong})
    assert LoginThrottle.objects.get(username="sec_admin").locked_until is not None
    right = pyotp.TOTP(device.secret).now()
    response = waiting.post("/security/otp/", {"code": right})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in waiting.session
    # The device never saw the code: it was refused before being checked.
    device.refresh_from_db()
    assert device.last_step == 0
    # The page refuses a plain visit too, not only a code.
    response = looking.get("/security/otp/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in looking.session


@REQUIRED
def test_a_right_code_clears_the_count_and_a_right_password_alone_does_not(cast, password, device):
    wrong = _wrong(device.secret)
    client = _past_password("sec_admin", password)
    client.post("/security/otp/", {"code": wrong})
    client.post("/security/otp/", {"code": wrong})
    _past_password("sec_admin", password)
    assert LoginThrottle.objects.get(username="sec_admin").failures == 2
    assert client.post("/security/otp/", {"code": pyotp.TOTP(device.secret).now()}).status_code == 302
    assert not LoginThrottle.objects.filter(username="sec_admin").exists()


@REQUIRED
def test_a_filler_without_a_second_factor_is_cleared_by_the_password(cast, password):
    for _ in range(3):
        Client().post("/login/", {"username": "sec_filler", "password": "Wrong-Passw0rd"})
    _past_password("sec_filler", password)
    assert not LoginThrottle.objects.filter(username="sec_filler").exists()
