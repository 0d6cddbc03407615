"""Scoping in the data layer: `objects` answers only to `for_user(user)` or an explicit `unscoped()`.

A view that writes `Report.objects.get(pk=...)` fails at once instead of leaking another site's report, so
the scoped lookup is the only easy one to write. Related managers, the admin and migrations use the plain
default manager (`unscoped`), which each scoped model declares first.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class UnscopedQueryError(RuntimeError):
    """A scoped model was queried without saying for whom."""


class ScopedManager(models.Manager):
    """A manager whose queries must start with for_user(user) or unscoped()."""

    def get_queryset(self) -> models.QuerySet:
        raise UnscopedQueryError(
            f"{self.model.__name__}.objects 须先调用 for_user(user)（或显式 unscoped()）再查询"
        )

    def unscoped(self) -> models.QuerySet:
        """Return every row: for services and commands that act for the system, not for a user."""
        return super().get_queryset()

    def for_user(self, user: Any) -> models.QuerySet:
        """Return the rows this user may see."""
        return self.unscoped().for_user(user)  # type: ignore[attr-defined]
