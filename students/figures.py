"""The students' figures of the program: trainees and applications."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from bases.models import TrainingBase
from mentorship.figures import COUNT, register_figure
from students.models import Application, Placement

SOURCE = _("Applications and placements recorded by each service center")


@register_figure(
    "students.trainees",
    label=_("Trainees"),
    definition=_(
        "Students who started a placement at a base, counted in the month the placement"
        " starts, by the base's kind: internship trainees and workplace experience students."
        " A placement ended early still counts."
    ),
    unit=COUNT,
    date_field="start_date",
    value=Count("pk"),
    source=SOURCE,
    order=40,
    kind_field="base__kind",
    kind_labels=TrainingBase.Kind.choices,
)
def trainees():
    return Placement.objects.all()


@register_figure(
    "students.applications",
    label=_("Applications"),
    definition=_(
        "Applications students sent to positions, counted in the month they were sent,"
        " whatever became of them later."
    ),
    unit=COUNT,
    date_field="created_at",
    value=Count("pk"),
    source=SOURCE,
    order=50,
)
def applications():
    return Application.objects.all()
