"""The audit verbs of events, in words."""

from django.utils.translation import gettext_lazy as _

from events.models import Event
from mentorship.audit_registry import register_audit_verbs

register_audit_verbs(
    group=_("Events"),
    model=Event,
    verbs={
        "event.saved": (_("Event saved"), _("%(actor)s saved the event %(target)s")),
        "event.published": (_("Event published"), _("%(actor)s published the event %(target)s")),
        "event.cancelled": (_("Event cancelled"), _("%(actor)s cancelled the event %(target)s")),
    },
    fields={"reason": _("Reason")},
)
