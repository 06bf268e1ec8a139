"""The mentors' figures of the program: face-to-face activities and the consultations held
at them."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from mentors.face_to_face_selectors import held_slots
from mentors.models import FaceToFaceActivity, QueueTicket
from mentorship.figures import COUNT, register_figure

SOURCE = _("Face-to-face activities, slots and walk-in queues recorded by each service center")


@register_figure(
    "mentors.face_to_face_activities",
    label=_("Face-to-face activities"),
    definition=_(
        "Face-to-face tutor activities a service center set up, counted in the month they"
        " take place, whether past or still to come."
    ),
    unit=COUNT,
    date_field="starts_at",
    value=Count("pk"),
    source=SOURCE,
    order=60,
)
def face_to_face_activities():
    return FaceToFaceActivity.objects.all()


@register_figure(
    "mentors.walk_in_consultations",
    label=_("Walk-in consultations"),
    definition=_(
        "Consultations held with students who took a number in a mentor's walk-in queue,"
        " counted in the month the mentor finished them; numbers not answered are left out."
    ),
    unit=COUNT,
    date_field="finished_at",
    value=Count("pk"),
    source=SOURCE,
    order=61,
)
def walk_in_consultations():
    return QueueTicket.objects.filter(status=QueueTicket.Status.DONE)


@register_figure(
    "mentors.booked_consultations",
    label=_("Booked consultations"),
    definition=_(
        "Consultation slots booked by a student that the mentor marked held, counted in the"
        " month they took place; slots not yet marked or whose student did not come are left"
        " out."
    ),
    unit=COUNT,
    date_field="starts_at",
    value=Count("pk"),
    source=SOURCE,
    order=62,
)
def booked_consultations():
    return held_slots()
