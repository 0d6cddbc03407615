"""Keeping an entry post that arrived just after its session ended, to bring it back after the next login.

Only a post from a session that was signed in until this very request is kept (SessionLifetimeMiddleware
marks the request with the user it just signed out), only for a report that user may edit, and only up to
MAX_BYTES and MAX_REPORTS per session. An anonymous visitor's post is never stored: otherwise anyone could
grow the session table without limit by posting large forms from fresh cookies.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, QueryDict

from nianbao.web.reporting.entryform import post_to_plain
from nianbao.web.reporting.models import Report

SESSION_KEY = "nianbao_pending_entry"
MAX_BYTES = 256 * 1024
MAX_REPORTS = 3
# Set on the request by nianbao.web.security.middleware.SessionLifetimeMiddleware when it ends a session.
SIGNED_OUT_USER = "nianbao_signed_out_user"


def keep(request: HttpRequest, pk: int) -> bool:
    """Keep the entry post of a just-expired session for after the next login; say whether it was kept."""
    user = getattr(request, SIGNED_OUT_USER, None)
    if user is None:
        return False
    report = Report.objects.for_user(user).filter(pk=pk).first()
    if report is None or not report.is_editable:
        return False
    post = post_to_plain(request.POST)
    if _size(post) > MAX_BYTES:
        return False
    pending: dict[str, Any] = request.session.get(SESSION_KEY, {})
    pending.pop(str(pk), None)
    pending[str(pk)] = {"user": user.pk, "post": post}
    # Oldest first out, until both bounds hold.
    while len(pending) > MAX_REPORTS or _size(pending) > MAX_BYTES:
        pending.pop(next(iter(pending)))
    request.session[SESSION_KEY] = pending
    return True


def take(request: HttpRequest, pk: int) -> QueryDict | None:
    """Return (and forget) the post kept for this report, if it was kept for the signed-in user."""
    pending = request.session.get(SESSION_KEY)
    if not pending or str(pk) not in pending:
        return None
    kept = pending.pop(str(pk))
    request.session.modified = True
    if not isinstance(kept, dict) or kept.get("user") != request.user.pk:
        return None
    post = QueryDict(mutable=True)
    for name, values in kept.get("post", {}).items():
        post.setlist(name, values)
    return post


def _size(data: object) -> int:
    return len(json.dumps(data, ensure_ascii=False).encode())
