from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "nianbao.web.verification"
    label = "verification"
    verbose_name = "公开核验"
