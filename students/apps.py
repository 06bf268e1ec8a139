from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Students")

    def ready(self):
        # The audit trail reads this app's verbs from the core's registry; the bases'
        # position pages count this app's applicants.
        from students import audit_verbs, position_counts  # noqa: F401
