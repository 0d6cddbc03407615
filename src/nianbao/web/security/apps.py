"""The security app: connects its receivers when Django starts."""

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "nianbao.web.security"
    label = "security"
    verbose_name = "安全"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nianbao.web.security import receivers  # noqa: F401  (connects the signal receivers)
