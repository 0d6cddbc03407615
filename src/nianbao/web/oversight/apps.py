from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "nianbao.web.oversight"
    label = "oversight"
    verbose_name = "监管"
