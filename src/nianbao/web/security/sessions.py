"""Session lifetime: an idle timeout and an absolute limit, and ending every session of a user."""

from __future__ import annotations

import time
from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from nianbao.web.security.conf import int_value
from nianbao.web.security.models import UserSession

AUTH_AT = "nianbao_auth_at"
SEEN_AT = "nianbao_seen_at"
OTP_OK = "nianbao_otp_ok"
GATE_PASSED = "nianbao_gate_passed"
# Refresh the last-seen time at most this often, so that reading pages does not write the session each time.
SEEN_RESOLUTION = 60


def start(request: HttpRequest, user: Any) -> None:
    """Stamp a fresh login on the session and remember the session as the user's."""
    now = int(time.time())
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now
    # A cookie without Max-Age: it ends when the browser closes, as documented. The idle timeout and the
    # absolute lifetime are this module's to enforce (SESSION_COOKIE_AGE only bounds the stored row).
    request.session.set_expiry(0)
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.get_or_create(user=user, session_key=request.session.session_key)


def expired_because(request: HttpRequest, now: float | None = None) -> str | None:
    """Return why the session is over ("idle" or "lifetime"), or None while it is valid; touch it if valid."""
    now = int(time.time() if now is None else now)
    session = request.session
    auth_at = session.get(AUTH_AT)
    seen_at = session.get(SEEN_AT)
    if auth_at is None or seen_at is None:
        # A session from before these controls: start counting now.
        session[AUTH_AT] = session.get(AUTH_AT, now)
        session[SEEN_AT] = now
        return None
    idle = int_value("NIANBAO_SESSION_IDLE_MINUTES") * 60
    if now - seen_at > idle:
        return "idle"
    if now - auth_at > int_value("NIANBAO_SESSION_MAX_HOURS") * 3600:
        return "lifetime"
    if now - seen_at >= SEEN_RESOLUTION:
        session[SEEN_AT] = now
    return None


def end_all(user: Any) -> int:
    """Delete every session the user signed in with; return how many there were."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = list(UserSession.objects.filter(user=user))
    for row in rows:
        store(session_key=row.session_key).delete()
    UserSession.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(rows)
