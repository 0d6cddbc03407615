from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "nianbao.web.registry"
    label = "registry"
    verbose_name = "网站名录"
