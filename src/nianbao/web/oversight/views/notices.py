"""A person's notifications (reminders to submit), newest first; reading marks them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from nianbao.web.oversight.models import Notification


@login_required
@require_safe
def notifications(request: HttpRequest) -> HttpResponse:
    """List the signed-in user's notifications and mark the unread ones read."""
    notices = list(Notification.objects.filter(user=request.user).select_related("report", "sender")[:200])
    unread = [n.pk for n in notices if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "oversight/notifications.html", {"notices": notices, "unread": set(unread)})
