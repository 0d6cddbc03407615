from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "nianbao.web.reporting"
    label = "reporting"
    verbose_name = "年度报表"
