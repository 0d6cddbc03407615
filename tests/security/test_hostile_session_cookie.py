"""Finding 7d: the session cookie had a Max-Age although the documentation says it ends when the browser
closes. It is now a browser-session cookie; the idle timeout and lifetime are enforced on the server."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db]


def _session_cookie(response):
    return response.cookies["sessionid"]


def test_the_login_cookie_ends_with_the_browser(cast, password):
    client = Client()
    response = client.post("/login/", {"username": "sec_filler", "password": password})
    cookie = _session_cookie(response)
    assert cookie.value and not cookie["max-age"] and not cookie["expires"]


def test_it_stays_a_browser_cookie_when_the_session_is_touched(cast, password, monkeypatch):
    client = Client()
    client.post("/login/", {"username": "sec_filler", "password": password})
    session = client.session
    session["nianbao_seen_at"] -= 120  # long enough ago for the last-seen time to be refreshed
    session.save()
    response = client.get("/")
    assert response.status_code == 200
    if "sessionid" in response.cookies:
        cookie = _session_cookie(response)
        assert not cookie["max-age"] and not cookie["expires"]


def test_the_stored_session_outlives_the_idle_timeout_so_the_server_ends_it(cast, password):
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE > 8 * 3600  # the absolute lifetime, enforced by the middleware
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
