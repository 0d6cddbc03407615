from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "nianbao.web.verification"
    label = "verification"
    verbose_name = "公开核验"

    def ready(self) -> None:
        # The category 公开核验 in 数据核查: registered, so the oversight app need not know this one.
        from nianbao.analysis.flags import register_category
        from nianbao.web.oversight.review import register_flag_source
        from nianbao.web.verification.hooks import KIND, publication_source, publication_version

        register_category(KIND, "公开核验")
        register_flag_source(publication_source, publication_version)
