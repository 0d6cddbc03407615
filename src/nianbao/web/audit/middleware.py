"""Keep the current request for audit records, and audit refusals (403) and downloads of exports."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from nianbao.web.audit.context import reset_current_request, set_current_request
from nianbao.web.audit.models import Outcome
from nianbao.web.audit.service import record


class AuditMiddleware:
    """Make the request current while it is served; write access.denied and export.download records."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_current_request(request)
        try:
            response = self.get_response(request)
            self._audit(request, response)
        finally:
            reset_current_request(token)
        return response

    def _audit(self, request: HttpRequest, response: HttpResponse) -> None:
        where = {"method": request.method, "path": request.path[:300]}
        if response.status_code == 403:
            record("access.denied", request=request, outcome=Outcome.DENIED, detail=where)
        elif response.status_code == 200 and "attachment" in response.get("Content-Disposition", ""):
            where["disposition"] = response["Content-Disposition"][:300]
            record("export.download", request=request, detail=where)
