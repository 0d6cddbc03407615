"""The request being served, so that a record written from a model signal still names who and from where."""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest

_current: ContextVar[HttpRequest | None] = ContextVar("nianbao_audit_request", default=None)


def current_request() -> HttpRequest | None:
    """Return the request this thread is serving, if any."""
    return _current.get()


def set_current_request(request: HttpRequest | None) -> Any:
    """Make `request` the current one; return the token that resets it."""
    return _current.set(request)


def reset_current_request(token: Any) -> None:
    """Restore the request that was current before set_current_request()."""
    _current.reset(token)


def client_address(request: HttpRequest | None) -> str | None:
    """Return the client's IPv4 or IPv6 address as the server saw it, or None when there is none."""
    if request is None:
        return None
    raw = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw.strip().strip("[]")))
    except ValueError:
        return None


def acting_user(request: HttpRequest | None) -> Any:
    """Return the signed-in user of a request, or None."""
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None
