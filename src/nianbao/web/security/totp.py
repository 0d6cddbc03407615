"""The optional second factor: time-based one-time passwords (RFC 6238), required for some roles."""

from __future__ import annotations

import time
from typing import Any

import pyotp
from django.db import transaction

from nianbao.web.security.conf import roles_value, value
from nianbao.web.security.models import TOTPDevice

STEP_SECONDS = 30


def user_roles(user: Any) -> frozenset[str]:
    """Return the role codes a user holds anywhere (a superuser counts as system administrator)."""
    codes = set(user.roles.values_list("role", flat=True))
    if user.is_superuser:
        codes.add("admin")
    return frozenset(codes)


def required_for(user: Any) -> bool:
    """Say whether this user must pass a second factor: a required role, or a device they confirmed."""
    if user_roles(user) & roles_value("NIANBAO_TOTP_REQUIRED_ROLES"):
        return True
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def has_device(user: Any) -> bool:
    """Say whether the user has confirmed an authenticator."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_secret() -> str:
    """Return a fresh random base32 secret."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, user: Any) -> str:
    """Return the otpauth:// address an authenticator app reads."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.get_username(), issuer_name=str(value("NIANBAO_TOTP_ISSUER"))
    )


def _matching_step(secret: str, code: str, now: float) -> int | None:
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    # One step either side allows for a phone clock a little off.
    for step in (current - 1, current, current + 1):
        if pyotp.utils.strings_equal(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def code_matches(secret: str, code: str, now: float | None = None) -> bool:
    """Say whether a code fits a secret now (for confirming a new device)."""
    return _matching_step(secret, code, time.time() if now is None else now) is not None


def verify_device(user: Any, code: str, now: float | None = None) -> bool:
    """Check a code against the user's confirmed device; a code once accepted is never accepted again."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return False
        step = _matching_step(device.secret, code, time.time() if now is None else now)
        if step is None or step <= device.last_step:
            return False
        device.last_step = step
        device.save(update_fields=["last_step"])
    return True
