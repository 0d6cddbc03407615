"""The 安全管理员's page: the accounts locked after failed logins, and lifting a lock (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from nianbao.web.audit.service import record
from nianbao.web.security import lockout
from nianbao.web.security.models import LoginThrottle
from nianbao.web.security.separation import can_unlock_accounts


@login_required
@require_http_methods(["GET", "POST"])
def locked_accounts(request: HttpRequest) -> HttpResponse:
    """List the accounts locked now; on POST, lift the lock of one of them."""
    if not can_unlock_accounts(request.user):
        raise PermissionDenied("只有安全管理员（第二级时也可由系统管理员）可以解除账户锁定")
    if request.method == "POST":
        raw = str(request.POST.get("username") or "")
        # A row of the per-address throttle is lifted by its own key, as listed on the page.
        if raw.startswith(lockout.ADDRESS_PREFIX):
            username = raw
            locked = lockout.address_blocked(raw[len(lockout.ADDRESS_PREFIX) :])
        else:
            username = lockout.throttle_key(raw)
            locked = bool(username) and lockout.locked_until(username) is not None
        if not locked:
            messages.error(request, "该账户当前未被锁定，无需解除。")
        else:
            LoginThrottle.objects.filter(username=username).delete()
            record("auth.unlock", user=request.user, request=request, detail={"username": username})
            messages.success(request, f"已解除 {username} 的锁定。")
        return redirect("security:locked_accounts")
    locked = LoginThrottle.objects.filter(locked_until__gt=timezone.now()).order_by("locked_until")
    return render(request, "security/locked_accounts.html", {"locked": locked})
