"""The pages of the security controls: change an (expired) password, set up and pass the second factor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from nianbao.web.audit.context import client_address
from nianbao.web.audit.models import Outcome
from nianbao.web.audit.service import record
from nianbao.web.security import lockout, sessions, totp
from nianbao.web.security.models import TOTPDevice
from nianbao.web.security.passwords import password_expired

SETUP_SECRET = "nianbao_totp_setup_secret"
LOCKED_MESSAGE = "连续输错次数过多，账户已暂时锁定，请稍后再登录，或请安全管理员解除锁定。"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _refuse_if_locked(request: HttpRequest) -> HttpResponse | None:
    """End a half-finished login whose account is locked; return the redirect to the login page, or None."""
    username = request.user.get_username()
    if lockout.locked_until(username) is None and not lockout.address_blocked(client_address(request)):
        return None
    # Locked meanwhile (by this session's guesses or another's): no code, right or wrong, is looked at.
    record("auth.otp.locked", outcome=Outcome.DENIED, detail={"username": username})
    logout(request)
    messages.error(request, LOCKED_MESSAGE)
    return redirect("login")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's password (forced when it is older than the maximum age)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        # Only the password: an auditor may change their own password but nothing else about an account.
        user.save(update_fields=["password"])
        update_session_auth_hash(request, user)
        request.session.pop(sessions.GATE_PASSED, None)
        record("user.password.change", obj=user)
        messages.success(request, "口令已修改")
        return redirect(_next(request))
    context = {"form": form, "expired": password_expired(request.user), "next": _next(request)}
    return render(request, "security/password_change.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: show a new secret, and confirm it with a first code."""
    if totp.has_device(request.user) and not request.session.get(sessions.OTP_OK):
        return redirect("security:otp_verify")
    refused = _refuse_if_locked(request)
    if refused is not None:
        return refused
    secret = request.session.get(SETUP_SECRET) or totp.new_secret()
    request.session[SETUP_SECRET] = secret
    error = ""
    if request.method == "POST":
        if totp.code_matches(secret, request.POST.get("code", "")):
            TOTPDevice.objects.update_or_create(
                user=request.user, defaults={"secret": secret, "confirmed": True, "last_step": 0}
            )
            del request.session[SETUP_SECRET]
            request.session[sessions.OTP_OK] = True
            lockout.clear(request.user.get_username())
            record("auth.otp.enrolled", obj=request.user)
            return redirect(_next(request))
        error = "动态口令不正确，请核对手机时间后输入应用中当前显示的 6 位数字"
    context = {
        "secret": secret,
        "uri": totp.provisioning_uri(secret, request.user),
        "error": error,
        "next": _next(request),
    }
    return render(request, "security/otp_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code of the user's authenticator after the password."""
    username = request.user.get_username()
    refused = _refuse_if_locked(request)
    if refused is not None:
        return refused
    error = ""
    if request.method == "POST":
        if totp.verify_device(request.user, request.POST.get("code", "")):
            request.session.cycle_key()
            request.session[sessions.OTP_OK] = True
            lockout.clear(username)
            record("auth.otp.ok")
            return redirect(_next(request))
        record("auth.otp.failed", outcome=Outcome.FAILED)
        address = client_address(request)
        if lockout.note_address_failure(address):
            record("auth.address.blocked", outcome=Outcome.DENIED, detail={"address": address})
        if lockout.note_failure(username) or lockout.address_blocked(address):
            # Guessing codes counts as failed logins: at the limit the account locks and the session ends.
            record("auth.lockout", outcome=Outcome.DENIED, detail={"username": username})
            logout(request)
            messages.error(request, LOCKED_MESSAGE)
            return redirect("login")
        error = "动态口令不正确或已使用过，请输入应用中当前显示的 6 位数字"
    return render(request, "security/otp_verify.html", {"error": error, "next": _next(request)})
