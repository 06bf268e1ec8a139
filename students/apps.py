from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentsConfig(AppConfig):
    name = "students"
    verbose_name = _("Students")

    def ready(self):
        # The audit trail reads this app's verbs from the core's registry.
        # The core's relay enqueues again the imports whose message was lost, through the
        # sweeper the import's tasks register.
        from students import (
            audit_verbs,  # noqa: F401
            tasks,  # noqa: F401
        )
