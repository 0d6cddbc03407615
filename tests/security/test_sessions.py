import time

import pytest
from django.contrib.sessions.models import Session

from nianbao.web.security import sessions

pytestmark = pytest.mark.django_db


def _login(client, password, username="sec_filler"):
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302
    return response


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_a_login_gets_a_new_session_key(client, cast, password):
    session = client.session
    session["before_login"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key
    before = session.session_key
    _login(client, password)
    assert client.cookies["sessionid"].value != before
    assert not Session.objects.filter(session_key=before).exists()


def test_the_old_session_key_is_dead_after_logout(client, cast, password):
    _login(client, password)
    key = client.cookies["sessionid"].value
    client.post("/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key
    assert client.get("/").status_code == 302


def test_a_session_idle_for_more_than_fifteen_minutes_ends(client, cast, password):
    _login(client, password)
    _age_session(client, **{sessions.SEEN_AT: 15 * 60 + 5})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session


def test_a_session_used_within_fifteen_minutes_lives_on(client, cast, password):
    _login(client, password)
    _age_session(client, **{sessions.SEEN_AT: 14 * 60})
    assert client.get("/").status_code == 200


def test_a_session_older_than_eight_hours_ends_even_when_busy(client, cast, password):
    _login(client, password)
    _age_session(client, **{sessions.AUTH_AT: 8 * 3600 + 5, sessions.SEEN_AT: 10})
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_work_posted_after_a_timeout_is_restored_after_the_next_login(client, cast, password):
    _login(client, password)
    _age_session(client, **{sessions.SEEN_AT: 16 * 60})
    path = f"/reports/{cast.report_a.pk}/"
    response = client.post(
        path, {"v:info.total": "4242", "k": "info.total", "lock_version": cast.report_a.lock_version}
    )
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    _login(client, password)
    assert "4242" in client.get(path).content.decode()


def test_disabling_a_user_ends_their_sessions(client, cast, password):
    _login(client, password)
    key = client.cookies["sessionid"].value
    cast.filler.is_active = False
    cast.filler.save()
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302
