"""The events' part of a program-scale year: recruitment fairs with the booths of recognized
bases and the openings they offered, lectures and a few forums and visits, each with its
seats and the people checked in at the door (`mentorship.bulk`)."""

import string
from datetime import timedelta

from events.models import Booth, Event, Registration
from mentorship.bulk import ScaleWorld, copy_into, next_id, register_scale, reset_sequences
from mentorship.models import Role

# kind, the program's yearly count (or a share of the lectures), seats (low, high)
KINDS = [
    (Event.Kind.FAIR, "fairs", (200, 500)),
    (Event.Kind.LECTURE, "lectures", (60, 150)),
]
OTHER_KINDS = [Event.Kind.FORUM, Event.Kind.VISIT, Event.Kind.CEREMONY]
OTHER_SHARE = 0.1
BOOTHS_PER_FAIR = 40
BOOTH_OPENINGS = (60, 160)
CHECKED_IN_SHARE = 0.85
UPCOMING_SHARE = 0.05
TITLES = {
    Event.Kind.FAIR: "大型综合招聘会",
    Event.Kind.LECTURE: "就业创业主题讲座",
    Event.Kind.FORUM: "导师导友论坛",
    Event.Kind.VISIT: "职场体验参访",
    Event.Kind.CEREMONY: "职业生涯节",
}


def scale_events(world: ScaleWorld) -> None:
    rng, today = world.rng, world.today
    first, first_booth, first_seat = next_id(Event), next_id(Booth), next_id(Registration)
    events, booths, seats = [], [], []
    for kind, name, (low, high) in KINDS:
        for center, n in world.per_center(name):
            students = world.made["people"][Role.STUDENT][center.pk]
            extra = round(n * OTHER_SHARE) if kind == Event.Kind.LECTURE else 0
            for i in range(n + extra):
                this_kind = kind if i < n else rng.choice(OTHER_KINDS)
                if rng.random() < UPCOMING_SHARE:
                    day = today + timedelta(days=rng.randrange(1, 30))
                else:
                    day = world.day_in_year()
                starts = world.moment(day, rng.choice([9, 10, 14, 15]))
                capacity = rng.randrange(low, high)
                pk = first + len(events)
                events.append(
                    (
                        pk,
                        center.pk,
                        this_kind,
                        f"{center.city}{TITLES[this_kind]}（第{i + 1}场）",
                        f"{TITLES[this_kind]}：面向{center.city}高校学生。",
                        starts,
                        starts + timedelta(hours=3),
                        f"{center.city}高校学术报告厅",
                        capacity,
                        Event.Status.PUBLISHED,
                        starts - timedelta(days=14),
                        starts - timedelta(days=14),
                    )
                )
                came = starts <= world.now
                for number, uid in enumerate(rng.sample(students, min(capacity, len(students))), 1):
                    seat = first_seat + len(seats)
                    checked = came and rng.random() < CHECKED_IN_SHARE
                    seats.append(
                        (
                            seat,
                            center.pk,
                            center.pk,
                            pk,
                            uid,
                            f"student{uid}",
                            Registration.Status.REGISTERED,
                            number,
                            _ticket(seat),
                            starts + timedelta(minutes=rng.randrange(-20, 40)) if checked else None,
                            starts - timedelta(days=rng.randrange(1, 14)),
                            starts - timedelta(days=1),
                        )
                    )
                if this_kind == Event.Kind.FAIR:
                    booths += _booths(world, center, pk, day, starts, first_booth + len(booths))
    copy_into(
        Event,
        [
            "id",
            "center_id",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "capacity",
            "status",
            "created_at",
            "updated_at",
        ],
        events,
    )
    copy_into(
        Booth,
        [
            "id",
            "center_id",
            "event_id",
            "enterprise_id",
            "status",
            "number",
            "openings",
            "decided_at",
            "created_at",
        ],
        booths,
    )
    copy_into(
        Registration,
        [
            "id",
            "center_id",
            "home_center_id",
            "event_id",
            "user_id",
            "name",
            "status",
            "queue_number",
            "ticket_code",
            "checked_in_at",
            "created_at",
            "updated_at",
        ],
        seats,
    )
    reset_sequences(Event, Booth, Registration)
    offered = sum(row[6] for row in booths)
    world.say(
        f"  events: {len(events):,}; fair booths: {len(booths):,} offering {offered:,}"
        f" openings; seats: {len(seats):,}"
    )


def _booths(world, center, event, day, starts, first) -> list[tuple]:
    """Approved booths of enterprises whose base the center recognized by the fair's day."""
    rng = world.rng
    eligible = sorted(
        {eid for _b, eid, _k, since in world.made["bases"][center.pk] if since <= day}
    )
    rows = []
    for i, eid in enumerate(rng.sample(eligible, min(BOOTHS_PER_FAIR, len(eligible)))):
        number = f"{string.ascii_uppercase[i // 10]}{i % 10 + 1}"
        decided = starts - timedelta(days=rng.randrange(3, 10))
        rows.append(
            (
                first + i,
                center.pk,
                event,
                eid,
                Booth.Status.APPROVED,
                number,
                rng.randrange(*BOOTH_OPENINGS),
                decided,
                decided - timedelta(days=2),
            )
        )
    return rows


def _ticket(seat: int) -> str:
    """A ticket code no drawn code takes (those are ten characters)."""
    return f"S{seat:011d}"


register_scale(scale_events, order=40)
