"""Lock an account after repeated failed logins, for a while, whatever password is tried meanwhile."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from nianbao.web.security.conf import int_value
from nianbao.web.security.models import LoginThrottle


def throttle_key(username: Any) -> str:
    """Return the key failures are counted under: the username as typed, trimmed and case-folded."""
    return str(username or "").strip().casefold()[:150]


def locked_until(username: Any, now: dt.datetime | None = None) -> dt.datetime | None:
    """Return until when this username is locked, or None when it may try to log in."""
    row = LoginThrottle.objects.filter(username=throttle_key(username)).first()
    if row is None or row.locked_until is None:
        return None
    return row.locked_until if row.locked_until > (now or timezone.now()) else None


def note_failure(username: Any) -> bool:
    """Count one failed login; return True when this failure locks the account."""
    key = throttle_key(username)
    if not key:
        return False
    now = timezone.now()
    limit = int_value("NIANBAO_LOGIN_MAX_FAILURES")
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(username=key)
        if row.locked_until is not None and row.locked_until > now:
            return False  # already locked; failures meanwhile neither extend nor re-announce it
        if row.locked_until is not None:
            row.failures = 0  # the lock has run out: count afresh
            row.locked_until = None
        row.failures += 1
        row.last_failure_at = now
        locks = limit > 0 and row.failures >= limit
        if locks:
            row.locked_until = now + dt.timedelta(minutes=int_value("NIANBAO_LOGIN_LOCKOUT_MINUTES"))
        row.save()
    return locks


def clear(username: Any) -> None:
    """Forget the failures of a username after a successful login."""
    LoginThrottle.objects.filter(username=throttle_key(username)).delete()
