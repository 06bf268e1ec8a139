"""The audit verbs of the outcomes, in words."""

from django.utils.translation import gettext_lazy as _

from mentorship.audit_registry import register_audit_verbs
from outcomes.models import DestinationSurvey
from students.models import Placement

register_audit_verbs(
    group=_("Outcomes"),
    model=Placement,
    verbs={
        "placement.employment_offer_recorded": (
            _("Offer of employment recorded"),
            _("%(actor)s recorded an offer of employment after %(target)s"),
        ),
    },
    fields={"offered_on": _("Offered on"), "source": _("Recorded by")},
)

register_audit_verbs(
    group=_("Outcomes"),
    model=DestinationSurvey,
    verbs={
        "destination_survey.sent": (
            _("Destination survey sent"),
            _("%(actor)s sent the destination survey %(target)s"),
        ),
        "destination_survey.answered": (
            _("Destination survey answered"),
            _("%(actor)s answered the destination survey"),
        ),
        "destination_survey.changed": (
            _("Destination survey answer changed"),
            _("%(actor)s changed their answers to the destination survey"),
        ),
    },
    fields={"graduated_on": _("Graduated on")},
)
