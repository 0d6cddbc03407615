"""Template context: what the signed-in user's roles are, for the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def roles(request: HttpRequest) -> dict[str, Any]:
    """Return the set of role codes the signed-in user holds anywhere."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_roles": frozenset()}
    codes = set(user.roles.values_list("role", flat=True))
    if user.is_superuser:
        codes.add("admin")
    return {"my_roles": frozenset(codes)}
