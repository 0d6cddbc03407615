"""Template pieces for other apps' pages: the board's column and the region run panel."""

from __future__ import annotations

from django import template

from nianbao.web.verification.services import last_run

register = template.Library()


@register.inclusion_tag("verification/_run_panel.html", takes_context=True)
def publication_run_panel(context, scope):
    """The button that checks a whole region, and the progress of its last run."""
    run = last_run(scope.region, scope.year) if scope.ok else None
    return {"scope": scope, "run": run, "csrf_token": context.get("csrf_token")}
