from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = _("Mentorship Program")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Report kinds register themselves when their modules are imported.
        import mentorship.report_kinds  # noqa: F401

        autodiscover_modules("reports")
