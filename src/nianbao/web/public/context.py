"""Template context of the public pages: the portal's particulars and whether 长者模式 is on."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from nianbao.web.public.conf import portal


def public(request: HttpRequest) -> dict[str, Any]:
    return {"portal": portal(), "elder": request.COOKIES.get("elder") == "1"}
