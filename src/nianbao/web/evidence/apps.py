from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "nianbao.web.evidence"
    label = "evidence"
    verbose_name = "取证数据"
