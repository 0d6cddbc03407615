from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "nianbao.web.public"
    label = "public"
    verbose_name = "集中发布专栏"
