from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self):
        # The audit trail reads this app's verbs from the core's registry.
        from subsidies import audit_verbs  # noqa: F401
