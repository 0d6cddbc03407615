"""The request being served, so that a record written from a model signal still names who and from where."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest

# One function for the client's address everywhere (trusted proxies considered); re-exported here.
from nianbao.web.security.proxies import client_address

__all__ = ["acting_user", "client_address", "current_request", "reset_current_request", "set_current_request"]

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


def acting_user(request: HttpRequest | None) -> Any:
    """Return the signed-in user of a request, or None."""
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None
