"""The mentors' parts of each mentor's record: pairings begun, mentoring sessions and their
hours, face-to-face consultations held and the students reached by all of them."""

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from mentors.face_to_face_selectors import held_slots
from mentors.models import MentoringSession, Pairing, QueueTicket
from mentorship.service_record import (
    HOURS,
    RecordItem,
    add_counts,
    count_by_year,
    distinct_by_year,
    register_service_record_source,
    year_of,
)

T = QueueTicket.Status


def _pairings(user_ids):
    return Pairing.objects.filter(mentor__user_id__in=user_ids, started_at__isnull=False)


def _sessions(user_ids):
    return MentoringSession.objects.filter(pairing__mentor__user_id__in=user_ids)


def _tickets(user_ids):
    """Walk-in numbers the mentor held to the end."""
    return QueueTicket.objects.filter(seat__mentor__user_id__in=user_ids, status=T.DONE)


def _slots(user_ids):
    """Booked slots the mentor marked done: the same rule as the figures of face-to-face
    consultations, so the record and the dashboard count the same students."""
    return held_slots(mentor__user_id__in=user_ids)


def pairings_begun(*, center, user_ids):
    return count_by_year(
        _pairings(user_ids), center=center, user_field="mentor__user_id", date_field="started_at"
    )


def sessions_held(*, center, user_ids):
    return count_by_year(
        _sessions(user_ids),
        center=center,
        user_field="pairing__mentor__user_id",
        date_field="held_on",
    )


def session_hours(*, center, user_ids):
    minutes = count_by_year(
        _sessions(user_ids),
        center=center,
        user_field="pairing__mentor__user_id",
        date_field="held_on",
        value=Sum("duration_minutes"),
    )
    return {key: value / 60 for key, value in minutes.items()}


def consultations_held(*, center, user_ids):
    return add_counts(
        count_by_year(
            _tickets(user_ids),
            center=center,
            user_field="seat__mentor__user_id",
            date_field="finished_at",
        ),
        count_by_year(
            _slots(user_ids), center=center, user_field="mentor__user_id", date_field="starts_at"
        ),
    )


def _student_years(queryset, *, center, user_field, student_field, date_field):
    if center is not None:
        queryset = queryset.filter(center=center)
    return (
        queryset.filter(**{f"{date_field}__isnull": False})
        .annotate(record_year=year_of(queryset, date_field))
        .values_list("center_id", user_field, "record_year", student_field)
        .order_by()
        .distinct()
    )


def students_reached(*, center, user_ids):
    """Different students a mentor paired with, met in a session or consulted in a year."""
    triples = []
    for queryset, user_field, student_field, date_field in (
        (_pairings(user_ids), "mentor__user_id", "student_id", "started_at"),
        (_sessions(user_ids), "pairing__mentor__user_id", "pairing__student_id", "held_on"),
        (_tickets(user_ids), "seat__mentor__user_id", "student_id", "finished_at"),
        (_slots(user_ids), "mentor__user_id", "student_id", "starts_at"),
    ):
        triples.extend(
            _student_years(
                queryset,
                center=center,
                user_field=user_field,
                student_field=student_field,
                date_field=date_field,
            )
        )
    return distinct_by_year(triples)


def consultation_items(*, center, user, year):
    """Each face-to-face activity of the year where the mentor held consultations."""
    per_activity: dict = {}
    for queryset, date_field in (
        (_tickets([user.pk]), "finished_at"),
        (_slots([user.pk]), "starts_at"),
    ):
        rows = (
            queryset.filter(center=center)
            .annotate(record_year=year_of(queryset, date_field))
            .filter(record_year=year)
            .values("activity_id", "activity__title", "activity__starts_at")
            .order_by()
            .annotate(n=Count("pk"))
        )
        for row in rows:
            entry = per_activity.setdefault(row["activity_id"], [row, 0])
            entry[1] += row["n"]
    lines = []
    for row, held in sorted(per_activity.values(), key=lambda e: e[0]["activity__starts_at"]):
        day = timezone.localdate(row["activity__starts_at"])
        text = ngettext(
            "%(activity)s: %(count)d consultation", "%(activity)s: %(count)d consultations", held
        ) % {
            "activity": row["activity__title"],
            "count": held,
        }
        lines.append(RecordItem(day=day, text=text))
    return lines


register_service_record_source(
    "mentors.pairings",
    _("Pairings begun"),
    pairings_begun,
    order=10,
)
register_service_record_source(
    "mentors.sessions",
    pgettext_lazy("service record", "Mentoring sessions"),
    sessions_held,
    order=20,
)
register_service_record_source(
    "mentors.session_hours",
    _("Hours of mentoring"),
    session_hours,
    unit=HOURS,
    order=30,
)
register_service_record_source(
    "mentors.consultations",
    pgettext_lazy("service record", "Face-to-face consultations"),
    consultations_held,
    order=40,
    items=consultation_items,
)
register_service_record_source(
    "mentors.students_reached",
    _("Students reached"),
    students_reached,
    order=50,
)
