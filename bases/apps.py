from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BasesConfig(AppConfig):
    name = "bases"
    verbose_name = _("Bases")

    def ready(self):
        # The audit trail reads this app's verbs from the core's registry.
        from bases import audit_verbs  # noqa: F401
