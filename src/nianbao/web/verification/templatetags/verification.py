"""Template pieces for other apps' pages: the board's column and the region run panel."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from nianbao.web.verification.services import active_run, last_run

register = template.Library()
STALLED = dt.timedelta(minutes=2)


@register.inclusion_tag("verification/_run_panel.html", takes_context=True)
def publication_run_panel(context, scope):
    """The button that checks a whole region, and the progress of its last run."""
    if scope.ok:
        active_run(scope.region, scope.year)  # a stale run is closed first, so the button is offered again
    run = last_run(scope.region, scope.year) if scope.ok else None
    # A run still queued after two minutes means no worker is taking jobs: say how to start one.
    stalled = bool(run and run.status == "queued" and timezone.now() - run.created_at > STALLED)
    return {"scope": scope, "run": run, "stalled": stalled, "csrf_token": context.get("csrf_token")}
