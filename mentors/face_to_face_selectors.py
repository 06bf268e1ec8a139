"""Reads of face-to-face activities: who sees which activity, slot and queue, where a number
stands, and how many students the consultations reached."""

from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentors.models import ActivityMentor, ConsultationSlot, FaceToFaceActivity, QueueTicket
from mentors.queue_math import called, minutes_per_consultation, standing
from mentorship.models import Role

T = QueueTicket.Status
LIVE = (T.WAITING, T.CALLED)
# The estimate reads the latest consultations of a queue, not the whole day's.
RECENT_SAMPLES = 10


def activities(*, center, when: str = ""):
    rows = FaceToFaceActivity.objects.filter(center=center).annotate(
        panel_size=Count("panel", distinct=True)
    )
    now = timezone.now()
    if when == "past":
        return rows.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return rows.filter(ends_at__gte=now).order_by("starts_at", "pk")


def access_activity(*, center, pk) -> FaceToFaceActivity:
    return get_object_or_404(FaceToFaceActivity.objects.filter(center=center), pk=pk)


def activity_by_door_code(*, center, code: str) -> FaceToFaceActivity | None:
    if not code:
        return None
    return FaceToFaceActivity.objects.filter(center=center, door_code=code).first()


def panel_of(activity) -> list[ActivityMentor]:
    return list(activity.panel.select_related("mentor__user").order_by("pk"))


def seat_of(*, activity, user) -> ActivityMentor | None:
    return activity.panel.filter(mentor__user=user).select_related("mentor__user").first()


def access_queue_seat(*, activity, user, roles, mentor_id=None) -> ActivityMentor:
    """The queue a visitor runs: a mentor their own (another mentor's is a 404), a
    coordinator any of the panel's (the first unless one is chosen)."""
    if Role.COORDINATOR in roles:
        rows = activity.panel.select_related("mentor__user").order_by("pk")
        chosen = rows.filter(mentor_id=mentor_id).first() if mentor_id else None
        seat = chosen or rows.first()
    else:
        seat = seat_of(activity=activity, user=user)
    if seat is None:
        raise Http404
    return seat


def slots_of(activity):
    return activity.slots.select_related("mentor__user", "student").order_by(
        "starts_at", "mentor_id", "pk"
    )


def access_slot(*, center, pk) -> ConsultationSlot:
    return get_object_or_404(
        ConsultationSlot.objects.filter(center=center).select_related("activity", "mentor__user"),
        pk=pk,
    )


def per_consultation(seat) -> int:
    durations = [
        (finished - started).total_seconds() / 60
        for started, finished in QueueTicket.objects.filter(
            seat=seat, status=T.DONE, called_at__isnull=False, finished_at__isnull=False
        )
        .order_by("-finished_at")
        .values_list("called_at", "finished_at")[:RECENT_SAMPLES]
    ]
    return minutes_per_consultation(durations, seat.activity.minutes_per_consultation)


def standing_of(ticket, *, minutes: int | None = None):
    """Where a live number stands: position and estimated wait; None once it is over."""
    if ticket.status == T.CALLED:
        return called()
    if ticket.status != T.WAITING:
        return None
    queue = QueueTicket.objects.filter(seat_id=ticket.seat_id)
    counts = queue.aggregate(
        before=Count("pk", filter=Q(status=T.WAITING, number__lt=ticket.number)),
        serving=Count("pk", filter=Q(status=T.CALLED)),
    )
    return standing(
        waiting_before=counts["before"],
        serving=bool(counts["serving"]),
        per_consultation=minutes if minutes is not None else per_consultation(ticket.seat),
    )


def my_tickets(*, activity, user) -> list[QueueTicket]:
    """The student's numbers at the activity, live ones first, each with its standing."""
    tickets = list(
        QueueTicket.objects.filter(activity=activity, student=user)
        .select_related("seat__mentor__user", "seat__activity")
        .order_by("-pk")[:10]
    )
    for ticket in tickets:
        ticket.standing = standing_of(ticket)
    tickets.sort(key=lambda t: (t.status not in LIVE, -t.pk))
    return tickets


def queue_of(seat) -> dict:
    """A mentor's queue: who is with them now, who waits (in order, with estimates) and the
    latest ones finished."""
    rows = QueueTicket.objects.filter(seat=seat).select_related("student")
    minutes = per_consultation(seat)
    current = rows.filter(status=T.CALLED).first()
    waiting = list(rows.filter(status=T.WAITING).order_by("number")[:50])
    for n, ticket in enumerate(waiting):
        ticket.standing = standing(
            waiting_before=n, serving=current is not None, per_consultation=minutes
        )
    finished = list(
        rows.filter(status__in=(T.DONE, T.NOT_HERE)).order_by("-finished_at", "-pk")[:10]
    )
    return {
        "current": current,
        "waiting": waiting,
        "waiting_count": rows.filter(status=T.WAITING).count(),
        "finished": finished,
        "minutes": minutes,
    }


# Students reached: a consultation is a number held to the end, or a booked slot its mentor
# marked held (the same rule as the program figures in mentors/figures.py).


def _held_tickets(**filters):
    return QueueTicket.objects.filter(status=T.DONE, **filters)


def held_slots(**filters):
    """Booked slots whose mentor marked them held: the one rule the figures, the mentor's
    record and these counts share."""
    return ConsultationSlot.objects.filter(
        student__isnull=False, outcome=ConsultationSlot.Outcome.DONE, **filters
    )


def _reach(tickets, slots) -> dict:
    students = (
        tickets.order_by()
        .values_list("student_id")
        .union(slots.order_by().values_list("student_id"))
        .count()
    )
    return {"consultations": tickets.count() + slots.count(), "students": students}


def reach_of_activity(activity) -> dict:
    """The activity's consultations and students reached, and the same per mentor."""
    totals = _reach(_held_tickets(activity=activity), held_slots(activity=activity))
    per_mentor: dict = {}
    for row in (
        _held_tickets(activity=activity).values(mentor=F("seat__mentor_id")).annotate(n=Count("pk"))
    ):
        per_mentor.setdefault(row["mentor"], 0)
        per_mentor[row["mentor"]] += row["n"]
    for row in held_slots(activity=activity).values("mentor").annotate(n=Count("pk")):
        per_mentor.setdefault(row["mentor"], 0)
        per_mentor[row["mentor"]] += row["n"]
    pairs = set(
        _held_tickets(activity=activity).values_list("seat__mentor_id", "student_id")
    ) | set(held_slots(activity=activity).values_list("mentor_id", "student_id"))
    students: dict = {}
    for mentor_id, _student in pairs:
        students[mentor_id] = students.get(mentor_id, 0) + 1
    totals["by_mentor"] = {
        mentor_id: {"consultations": n, "students": students.get(mentor_id, 0)}
        for mentor_id, n in per_mentor.items()
    }
    return totals


def reach_of_center(center) -> dict:
    return {
        **_reach(_held_tickets(center=center), held_slots(center=center)),
        "activities": FaceToFaceActivity.objects.filter(center=center).count(),
    }


def reach_of_mentor(*, center, mentor) -> dict:
    return {
        **_reach(
            _held_tickets(center=center, seat__mentor=mentor),
            held_slots(center=center, mentor=mentor),
        ),
        "activities": ActivityMentor.objects.filter(center=center, mentor=mentor).count(),
    }


def tickets_of(activity):
    return QueueTicket.objects.filter(activity=activity).select_related("activity")
