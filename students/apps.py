from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Students")

    def ready(self):
        # The audit trail reads this app's verbs from the core's registry; the bases'
        # position pages count this app's applicants; the core's relay enqueues again the
        # imports whose message was lost, through the sweeper the import's tasks register.
        from students import audit_verbs, position_counts, tasks  # noqa: F401
