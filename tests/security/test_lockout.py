import datetime as dt
import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import override_settings

from nianbao.web.audit.models import AuditRecord
from nianbao.web.security.models import LoginThrottle

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def _page(response):
    # The CSRF token differs per response; everything else must not.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_five_failures_lock_the_account_even_for_the_right_password(client, cast, password):
    for _ in range(5):
        assert _login(client, "sec_filler", "Wrong-Passw0rd").status_code == 200
    assert AuditRecord.objects.filter(action="auth.lockout", detail__username="sec_filler").exists()
    response = _login(client, "sec_filler", password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, cast, password):
    for _ in range(4):
        _login(client, "sec_filler", "Wrong-Passw0rd")
    assert _login(client, "sec_filler", password).status_code == 302


def test_the_lock_ends_after_the_lockout_time(client, cast, password):
    for _ in range(5):
        _login(client, "sec_filler", "Wrong-Passw0rd")
    throttle = LoginThrottle.objects.get(username="sec_filler")
    throttle.locked_until -= dt.timedelta(minutes=30, seconds=1)
    throttle.save()
    assert _login(client, "sec_filler", password).status_code == 302


def test_the_failure_limit_follows_the_setting(client, cast, password):
    with override_settings(NIANBAO_LOGIN_MAX_FAILURES=2):
        _login(client, "sec_filler", "Wrong-Passw0rd")
        _login(client, "sec_filler", "Wrong-Passw0rd")
        assert _login(client, "sec_filler", password).status_code == 200


def test_unknown_user_wrong_password_and_locked_account_look_the_same(client, cast):
    unknown = _login(client, "sec_nosuchuser", "Wrong-Passw0rd")
    wrong = _login(client, "sec_head", "Wrong-Passw0rd")
    for _ in range(5):
        _login(client, "sec_reviewer", "Wrong-Passw0rd")
    locked = _login(client, "sec_reviewer", "Wrong-Passw0rd")
    assert unknown.status_code == wrong.status_code == locked.status_code == 200
    assert _page(unknown).replace("sec_nosuchuser", "X") == _page(wrong).replace("sec_head", "X")
    assert _page(locked).replace("sec_reviewer", "X") == _page(wrong).replace("sec_head", "X")


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_password_hasher_runs_for_unknown_users_and_locked_accounts(client, cast, monkeypatch):
    calls = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
    )
    _login(client, "sec_nosuchuser", "Wrong-Passw0rd")
    assert len(calls) >= 1
    for _ in range(5):
        _login(client, "sec_reviewer", "Wrong-Passw0rd")
    calls.clear()
    _login(client, "sec_reviewer", "Wrong-Passw0rd")
    assert len(calls) >= 1
