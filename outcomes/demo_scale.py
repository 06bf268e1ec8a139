"""The outcomes' part of a program-scale year: offers of employment after about a third of
the completed placements, and the destination survey of the class that graduated last
summer, most of it answered (`mentorship.bulk`)."""

from datetime import date, timedelta

from mentorship.bulk import ScaleWorld, copy_into, next_id, register_scale, reset_sequences
from outcomes.models import DestinationSurvey, EmploymentOffer
from students.models import Placement

RETAINED_SHARE = 0.35
ANSWERED_SHARE = 0.6
IN_CITY_SHARE = 0.7
ELSEWHERE = ["上海", "北京", "深圳", "南京", "苏州", "成都"]
D = DestinationSurvey.Destination
DESTINATIONS, DESTINATION_WEIGHTS = [D.EMPLOYED, D.STUDY, D.OTHER], [75, 17, 8]


def scale_offers(world: ScaleWorld) -> None:
    rng, today = world.rng, world.today
    first = next_id(EmploymentOffer)
    reps = world.made["base_reps"]
    users = {profile: uid for rows in world.made["students"].values() for profile, uid, _y in rows}
    rows = []
    for center in world.centers:
        for pk, profile, base_id, status, _start, end in world.made["placements"].get(
            center.pk, []
        ):
            if status != Placement.Status.COMPLETED or rng.random() >= RETAINED_SHARE:
                continue
            offered_on = min(today, end + timedelta(days=rng.randrange(0, 40)))
            by_student = rng.random() < 0.3
            rows.append(
                (
                    first + len(rows),
                    center.pk,
                    pk,
                    offered_on,
                    EmploymentOffer.Source.STUDENT
                    if by_student
                    else EmploymentOffer.Source.ENTERPRISE,
                    users[profile] if by_student else reps[base_id],
                    world.moment(offered_on, 16),
                )
            )
    copy_into(
        EmploymentOffer,
        ["id", "center_id", "placement_id", "offered_on", "source", "recorded_by_id", "created_at"],
        rows,
    )
    reset_sequences(EmploymentOffer)
    world.say(f"  offers of employment: {len(rows):,}")


def scale_surveys(world: ScaleWorld) -> None:
    rng, today = world.rng, world.today
    first = next_id(DestinationSurvey)
    rows = []
    for center in world.centers:
        for profile, _uid, year in world.made["students"][center.pk]:
            graduated_on = date(year, 7, 1)
            if graduated_on > today:
                continue
            sent_at = world.moment(graduated_on, 9)
            destination, city, in_city, answered_at = "", "", None, None
            if rng.random() < ANSWERED_SHARE:
                answered_on = graduated_on + timedelta(
                    days=rng.randrange(0, min(60, (today - graduated_on).days) + 1)
                )
                answered_at = world.moment(answered_on, rng.randrange(8, 22))
                destination = rng.choices(DESTINATIONS, DESTINATION_WEIGHTS)[0]
                in_city = rng.random() < IN_CITY_SHARE
                city = center.city if in_city else rng.choice(ELSEWHERE)
            rows.append(
                (
                    first + len(rows),
                    center.pk,
                    profile,
                    graduated_on,
                    sent_at,
                    destination,
                    city,
                    in_city,
                    answered_at,
                    answered_at or sent_at,
                )
            )
    copy_into(
        DestinationSurvey,
        [
            "id",
            "center_id",
            "student_id",
            "graduated_on",
            "sent_at",
            "destination",
            "city",
            "in_center_city",
            "answered_at",
            "updated_at",
        ],
        rows,
    )
    reset_sequences(DestinationSurvey)
    answered = sum(1 for row in rows if row[8] is not None)
    world.say(f"  destination surveys: {len(rows):,} sent, {answered:,} answered")


register_scale(scale_offers, order=35)
register_scale(scale_surveys, order=36)
