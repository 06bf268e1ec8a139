"""Outcomes of the program: employment offers after placements, the destination survey."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self):
        # The audit trail reads this app's verbs from the core's registry; a base's page
        # reads its outcomes from the bases' section registry.
        from outcomes import audit_verbs, base_sections  # noqa: F401
