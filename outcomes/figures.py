"""The outcomes the city cares about, as program figures: interns retained by their base,
placements completed or ended early, graduates staying in the center's city."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from mentorship.figures import COUNT, register_figure, register_rate
from outcomes.models import DestinationSurvey, EmploymentOffer
from students.models import Placement

SOURCE_PLACEMENTS = _("Placements and offers of employment recorded by each service center")
SOURCE_SURVEY = _("The destination survey each service center sends its graduates")

ENDED_KINDS = (
    (Placement.Status.COMPLETED, _("Completed")),
    (Placement.Status.TERMINATED, _("Ended early")),
)


@register_figure(
    "outcomes.placements_ended",
    label=_("Placements ended"),
    definition=_(
        "Placements that ended, counted in the month they were planned to end, by how they"
        " ended: completed, or ended early by the enterprise or the coordinator. The"
        " completion rate is the completed share of them."
    ),
    unit=COUNT,
    date_field="end_date",
    value=Count("pk"),
    source=SOURCE_PLACEMENTS,
    order=45,
    kind_field="status",
    kind_labels=ENDED_KINDS,
    base_field="base",
)
def placements_ended():
    return Placement.objects.exclude(status=Placement.Status.ONGOING)


@register_figure(
    "outcomes.interns_retained",
    label=_("Interns retained"),
    definition=_(
        "Interns whose base offered them employment after their placement, as the"
        " enterprise recorded it or the student reported it (once per placement), counted"
        " in the month of the offer."
    ),
    unit=COUNT,
    date_field="offered_on",
    value=Count("pk"),
    source=SOURCE_PLACEMENTS,
    order=46,
    base_field="placement__base",
)
def interns_retained():
    return EmploymentOffer.objects.all()


@register_figure(
    "outcomes.graduates_answered",
    label=_("Graduates who answered the destination survey"),
    definition=_(
        "Graduates who answered the optional destination survey sent after their graduation,"
        " counted in the month they graduated (1 July of their graduation year), by what"
        " they do now."
    ),
    unit=COUNT,
    date_field="graduated_on",
    value=Count("pk"),
    source=SOURCE_SURVEY,
    order=47,
    kind_field="destination",
    kind_labels=DestinationSurvey.Destination.choices,
)
def graduates_answered():
    return DestinationSurvey.objects.filter(answered_at__isnull=False)


@register_figure(
    "outcomes.graduates_in_city",
    label=_("Graduates staying in the city"),
    definition=_(
        "Graduates who answered the destination survey that they live in the city of their"
        " service center, counted in the month they graduated, by what they do now."
    ),
    unit=COUNT,
    date_field="graduated_on",
    value=Count("pk"),
    source=SOURCE_SURVEY,
    order=48,
    kind_field="destination",
    kind_labels=DestinationSurvey.Destination.choices,
)
def graduates_in_city():
    return DestinationSurvey.objects.filter(answered_at__isnull=False, in_center_city=True)


register_rate(
    "outcomes.completion_rate",
    label=_("Completion rate"),
    definition=_(
        "Of the placements that ended (by the month they were planned to end), the share"
        " completed rather than ended early."
    ),
    numerator="outcomes.placements_ended",
    numerator_kind=Placement.Status.COMPLETED,
    denominator="outcomes.placements_ended",
    order=45,
)
register_rate(
    "outcomes.retention_rate",
    label=_("Retention rate"),
    definition=_(
        "Interns offered employment by their base, over the placements completed in the"
        " same period (offers by the month of the offer, placements by their planned end)."
    ),
    numerator="outcomes.interns_retained",
    denominator="outcomes.placements_ended",
    denominator_kind=Placement.Status.COMPLETED,
    order=46,
)
register_rate(
    "outcomes.staying_rate",
    label=_("Share staying in the city"),
    definition=_(
        "Of the graduates who answered the destination survey, the share who live in the"
        " city of their service center."
    ),
    numerator="outcomes.graduates_in_city",
    denominator="outcomes.graduates_answered",
    order=47,
)
