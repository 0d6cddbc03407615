"""Middleware: session lifetime, the password-expiry and second-factor gates, no caching of private pages."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from nianbao.web.audit.service import record
from nianbao.web.security import sessions, totp
from nianbao.web.security.passwords import password_expired


class SessionLifetimeMiddleware:
    """End a session idle longer than the idle timeout or older than the absolute lifetime.

    The request then goes on as a signed-out one, so the view decides what a signed-out visitor gets: the
    login page, and for the entry form a copy of what was posted, restored after the next login.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            why = sessions.expired_because(request)
            if why is not None:
                user = request.user
                record("auth.session.expired", user=user, request=request, detail={"reason": why})
                logout(request)
                # Who was signed in until now: only their entry post may be kept for after the next login.
                request.nianbao_signed_out_user = user
        return self.get_response(request)


class HttpMethodMiddleware:
    """Answer 405 to every HTTP method the application does not use (only GET, HEAD and POST are)."""

    ALLOWED = ("GET", "HEAD", "POST")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in self.ALLOWED:
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)


class AccountGateMiddleware:
    """Send a signed-in user through the second factor, then to renew an expired password, first of all.

    Until the gate is passed only the pages that finish it are open, named by their URL names (not by a
    path prefix: the rest of /security/, e.g. unlocking accounts or changing the password, must need the
    second factor as much as any other page).
    """

    # Static files carry no data; they are normally served before Django is reached at all.
    STATIC_PREFIX = "/static/"
    SECOND_FACTOR_VIEWS = frozenset({"security:otp_setup", "security:otp_verify", "logout"})
    PASSWORD_VIEWS = frozenset({"security:password_change", "logout"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(sessions.GATE_PASSED)
            and not request.path.startswith(self.STATIC_PREFIX)
        ):
            view = _view_name(request)
            next_query = urlencode({"next": request.get_full_path()})
            if not request.session.get(sessions.OTP_OK) and totp.required_for(user):
                if view in self.SECOND_FACTOR_VIEWS:
                    return self.get_response(request)
                target = "security:otp_verify" if totp.has_device(user) else "security:otp_setup"
                return redirect(f"{reverse(target)}?{next_query}")
            if password_expired(user):
                if view in self.PASSWORD_VIEWS:
                    return self.get_response(request)
                return redirect(f"{reverse('security:password_change')}?{next_query}")
            # Both checks hold for the rest of this session; a later change of roles applies at next login.
            request.session[sessions.GATE_PASSED] = True
        return self.get_response(request)


def _view_name(request: HttpRequest) -> str | None:
    """Return the namespaced URL name of the request's path, or None when it names no view."""
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return None


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
