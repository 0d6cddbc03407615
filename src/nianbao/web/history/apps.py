from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "nianbao.web.history"
    label = "history"
    verbose_name = "历年报表导入"
    default_auto_field = "django.db.models.BigAutoField"
