"""Lock an account after repeated failed logins, for a while, whatever password is tried meanwhile."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from nianbao.web.security.conf import int_value
from nianbao.web.security.models import LoginThrottle

# Rows keyed by a client address (the per-address throttle) start with this; a typed username that does
# gets another character in front, so nobody can lock an address by typing it as a username.
ADDRESS_PREFIX = "#addr "


def throttle_key(username: Any) -> str:
    """Return the key failures are counted under: the username as typed, trimmed and case-folded."""
    key = str(username or "").strip().casefold()
    if key.startswith(ADDRESS_PREFIX):
        key = "~" + key
    return key[:150]


def address_key(address: str | None) -> str:
    """Return the key one client address's failures are counted under ("" when there is no address)."""
    return f"{ADDRESS_PREFIX}{address}"[:150] if address else ""


def address_blocked(address: str | None, now: dt.datetime | None = None) -> bool:
    """Say whether this client address has failed too often lately (on any account) to try again now."""
    key = address_key(address)
    if not key:
        return False
    row = LoginThrottle.objects.filter(username=key).first()
    return row is not None and row.locked_until is not None and row.locked_until > (now or timezone.now())


def note_address_failure(address: str | None) -> bool:
    """Count one failed password or code from a client address; return True when this blocks it."""
    return _note(
        address_key(address),
        int_value("NIANBAO_ADDRESS_MAX_FAILURES"),
        int_value("NIANBAO_ADDRESS_BLOCK_MINUTES"),
    )


def locked_until(username: Any, now: dt.datetime | None = None) -> dt.datetime | None:
    """Return until when this username is locked, or None when it may try to log in."""
    row = LoginThrottle.objects.filter(username=throttle_key(username)).first()
    if row is None or row.locked_until is None:
        return None
    return row.locked_until if row.locked_until > (now or timezone.now()) else None


def note_failure(username: Any) -> bool:
    """Count one failed login; return True when this failure locks the account."""
    return _note(
        throttle_key(username),
        int_value("NIANBAO_LOGIN_MAX_FAILURES"),
        int_value("NIANBAO_LOGIN_LOCKOUT_MINUTES"),
    )


def _note(key: str, limit: int, minutes: int) -> bool:
    if not key:
        return False
    now = timezone.now()
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
            row.locked_until = now + dt.timedelta(minutes=minutes)
        row.save()
    return locks


def clear(username: Any) -> None:
    """Forget the failures of a username after a successful login."""
    LoginThrottle.objects.filter(username=throttle_key(username)).delete()
