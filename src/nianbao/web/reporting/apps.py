from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "nianbao.web.reporting"
    label = "reporting"
    verbose_name = "年度报表"

    def ready(self) -> None:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
        from django.db.models.signals import post_save

        from nianbao.forms import TemplateError, add_template_dir

        folder = getattr(settings, "NIANBAO_TEMPLATE_DIR", "")
        if folder:
            try:
                add_template_dir(folder)
            except TemplateError as exc:
                raise ImproperlyConfigured(f"NIANBAO_TEMPLATE_DIR：{exc}") from None

        from nianbao.web.registry.models import Website
        from nianbao.web.reporting.receivers import give_new_website_its_reports

        post_save.connect(
            give_new_website_its_reports, sender=Website, dispatch_uid="nianbao-new-website-reports"
        )
