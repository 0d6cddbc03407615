"""The system administrator's view of reports: periods can be managed, history can only be read."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nianbao.web.reporting.models import Report, ReportingPeriod, Transition, ValueChange


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("region", "year", "template_id", "deadline")
    list_filter = ("year",)


class ReadOnly(admin.ModelAdmin):
    """Viewable, never changed: reports change only through the workflow services, history never."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnly):
    list_display = ("website", "period", "state", "revision", "updated_at")
    list_filter = ("state", "period__year")
    search_fields = ("website__name", "website__code")


@admin.register(Transition)
class TransitionAdmin(ReadOnly):
    list_display = ("report", "action", "from_state", "to_state", "actor", "at")
    list_filter = ("action",)


@admin.register(ValueChange)
class ValueChangeAdmin(ReadOnly):
    list_display = ("report", "key", "old_raw", "new_raw", "actor", "at")
