"""The audit viewer: for audit administrators only (the system administrator may not read the trail)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nianbao.web.audit.models import AuditRecord
from nianbao.web.audit.service import verify

PAGE_SIZE = 100


def can_read_audit(user: object) -> bool:
    """Say whether a user may read the audit trail: an audit administrator who is not a superuser."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_superuser", False):
        return False
    return user.roles.filter(role="auditor").exists()  # type: ignore[attr-defined]


@login_required
@require_safe
def records(request: HttpRequest) -> HttpResponse:
    """List audit records, newest first, filtered by action prefix, user name and outcome."""
    if not can_read_audit(request.user):
        raise PermissionDenied("只有审计管理员可以查看审计记录")
    rows = AuditRecord.objects.order_by("-seq")
    action = request.GET.get("action", "").strip()
    username = request.GET.get("user", "").strip()
    outcome = request.GET.get("outcome", "").strip()
    if action:
        rows = rows.filter(action__startswith=action)
    if username:
        rows = rows.filter(username=username)
    if outcome:
        rows = rows.filter(outcome=outcome)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {"action": action, "user": username, "outcome": outcome}
    context = {
        "page": page,
        "filters": filters,
        "page_query": urlencode(filters),
        "verification": verify() if request.GET.get("verify") else None,
    }
    return render(request, "audit/records.html", context)
