"""Authentication that refuses a locked account the same way it refuses a wrong password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from nianbao.web.audit.context import client_address
from nianbao.web.security.lockout import address_blocked, locked_until


class LockoutModelBackend(ModelBackend):
    """Django's model backend, except that a locked username gets no further than the password hasher."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        address = client_address(request)
        if username is not None and (locked_until(username) is not None or address_blocked(address)):
            # Hash anyway, so that a locked account answers as slowly as any other refusal.
            get_user_model()().set_password(password)
            if request is not None:
                request.nianbao_locked = True
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
