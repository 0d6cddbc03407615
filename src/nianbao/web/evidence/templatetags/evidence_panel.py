"""The evidence panel on the entry page: upload a file, see each record, accept its figures."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("evidence/panel.html", takes_context=True)
def evidence_panel(context: dict[str, Any], report: Any, editable: bool) -> dict[str, Any]:
    return {
        "report": report,
        "editable": editable,
        "records": list(report.evidence.select_related("uploaded_by", "accepted_by")),
        "csrf_token": context.get("csrf_token"),
    }
