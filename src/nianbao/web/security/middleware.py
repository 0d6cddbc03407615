"""Middleware: session lifetime, the password-expiry and second-factor gates, no caching of private pages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from nianbao.web.audit.service import record
from nianbao.web.security import sessions, totp
from nianbao.web.security.passwords import password_expired

PENDING_POST = "nianbao_pending_post"


class SessionLifetimeMiddleware:
    """End a session idle longer than the idle timeout or older than the absolute lifetime.

    What a timed-out POST carried is kept in the new anonymous session (PENDING_POST), so the page that
    receives the user after the next login can offer it back (see pending_post()).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            why = sessions.expired_because(request)
            if why is not None:
                return self._expire(request, why)
        return self.get_response(request)

    def _expire(self, request: HttpRequest, why: str) -> HttpResponse:
        user = request.user
        kept = None
        if request.method == "POST":
            kept = {"path": request.path, "data": {k: request.POST.getlist(k) for k in request.POST}}
            kept["data"].pop("csrfmiddlewaretoken", None)
        record("auth.session.expired", user=user, request=request, detail={"reason": why})
        logout(request)
        if kept is not None:
            request.session[PENDING_POST] = kept
        return redirect_to_login(request.get_full_path())


def pending_post(request: HttpRequest, path: str) -> dict[str, list[str]] | None:
    """Return (once) what a POST to `path` carried when its session timed out, for the form to restore."""
    kept = request.session.get(PENDING_POST)
    if not kept or kept.get("path") != path:
        return None
    del request.session[PENDING_POST]
    return kept["data"]


class AccountGateMiddleware:
    """Send a signed-in user through the second factor, then to renew an expired password, first of all."""

    OPEN_PREFIXES = ("/static/", "/security/", "/logout/", "/login/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(sessions.GATE_PASSED)
            and not request.path.startswith(self.OPEN_PREFIXES)
        ):
            next_query = urlencode({"next": request.get_full_path()})
            if not request.session.get(sessions.OTP_OK) and totp.required_for(user):
                target = "security:otp_verify" if totp.has_device(user) else "security:otp_setup"
                return redirect(f"{reverse(target)}?{next_query}")
            if password_expired(user):
                return redirect(f"{reverse('security:password_change')}?{next_query}")
            # Both checks hold for the rest of this session; a later change of roles applies at next login.
            request.session[sessions.GATE_PASSED] = True
        return self.get_response(request)


class NoStoreMiddleware:
    """Mark every response to a signed-in user as not to be stored by the browser or any cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response
