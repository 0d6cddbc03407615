"""The audit app: connects its receivers when Django starts."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "nianbao.web.audit"
    label = "audit"
    verbose_name = "审计记录"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nianbao.web.audit import receivers  # noqa: F401  (connects the signal receivers)
