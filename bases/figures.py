"""The bases' figures of the program: recognized bases, positions published, openings."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from bases.models import Position, TrainingBase
from mentorship.figures import COUNT, register_figure

SOURCE = _("Training-base applications and positions recorded by each service center")


@register_figure(
    "bases.recognized_training_bases",
    label=_("Recognized bases"),
    definition=_(
        "Bases the bureau recognized, counted in the month their recognition starts, by kind:"
        " internship training bases and workplace experience bases."
    ),
    unit=COUNT,
    date_field="recognized_from",
    value=Count("pk"),
    source=SOURCE,
    order=10,
    kind_field="kind",
    kind_labels=TrainingBase.Kind.choices,
)
def recognized_training_bases():
    # A recognition that ended since (expired or revoked) was still given in its month.
    return TrainingBase.objects.filter(
        status__in=(
            TrainingBase.Status.RECOGNIZED,
            TrainingBase.Status.EXPIRED,
            TrainingBase.Status.REVOKED,
        )
    )


@register_figure(
    "bases.positions_open",
    label=_("Positions published"),
    definition=_(
        "Internship positions that training bases published, counted in the month they were"
        " first published, whether still open, filled or closed since."
    ),
    unit=COUNT,
    date_field="published_at",
    value=Count("pk"),
    source=SOURCE,
    order=20,
)
def positions_open():
    return Position.objects.exclude(status=Position.Status.DRAFT)


@register_figure(
    "bases.openings_offered",
    label=_("Internship places offered"),
    definition=_(
        "The places (openings) of the positions published, counted in the month each"
        " position was first published."
    ),
    unit=COUNT,
    date_field="published_at",
    value=Sum("openings"),
    source=SOURCE,
    order=30,
)
def openings_offered():
    return Position.objects.exclude(status=Position.Status.DRAFT)
