from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # The audit trail reads this app's verbs from the core's registry; the demo mentor's
        # talk joins the demo's registry.
        from events import audit_verbs, demo_talks  # noqa: F401
