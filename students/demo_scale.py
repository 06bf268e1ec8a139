"""The students' part of a program-scale year: a complete profile for each student, five
applications each (popularity skewed as in life), and a placement for most of them at a
position that closed within the year, completed, ended early or still running
(`mentorship.bulk`)."""

import itertools
from datetime import date, timedelta

from bases.demo_scale import MAJORS
from bases.models import Position
from mentorship.bulk import PROGRAM, ScaleWorld, copy_into, next_id, register_scale, reset_sequences
from mentorship.models import Role, University
from students.models import Application, Placement, StudentProfile

S = Application.Status
# submitted, shortlisted, interview, offered, declined, rejected, withdrawn
OTHER_STATES = [S.SUBMITTED, S.SHORTLISTED, S.INTERVIEW, S.OFFERED, S.DECLINED, S.REJECTED]
OTHER_WEIGHTS = [40, 15, 10, 4, 5, 18]
# Of the students who could be placed, the share who were.
PLACED_SHARE = 0.95
TERMINATED_SHARE = 0.08


def last_class(today: date) -> int:
    """The year of the latest class to have graduated (on 1 July) by `today`."""
    return today.year if today >= date(today.year, 7, 1) else today.year - 1


def graduation_years(today: date) -> list[int]:
    """The latest graduating class and the two after it."""
    last = last_class(today)
    return [last, last + 1, last + 2]


def scale_students(world: ScaleWorld) -> None:
    """Profiles (`made["students"]`: center -> [(profile, user, graduation year)])."""
    rng, now = world.rng, world.now
    first = next_id(StudentProfile)
    years = graduation_years(world.today)
    rows, made = [], {}
    for center in world.centers:
        universities = list(
            University.objects.filter(center=center).values_list("pk", flat=True).order_by("pk")
        ) or [None]
        for uid in world.made["people"][Role.STUDENT][center.pk]:
            pk = first + len(rows)
            year = rng.choice(years)
            rows.append(
                (
                    pk,
                    center.pk,
                    uid,
                    rng.choice(universities),
                    rng.choice(MAJORS),
                    "bachelor",
                    year,
                    f"B{uid:08d}",
                    f"138{uid:08d}",
                    "private/resumes/bench.pdf",
                    "Python, SQL",
                    now,
                    now,
                )
            )
            made.setdefault(center.pk, []).append((pk, uid, year))
    copy_into(
        StudentProfile,
        [
            "id",
            "center_id",
            "user_id",
            "university_id",
            "major",
            "degree",
            "graduation_year",
            "student_number",
            "phone",
            "resume",
            "skills",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    reset_sequences(StudentProfile)
    world.made["students"] = made
    world.say(f"  students: {len(rows):,}")


def scale_applications(world: ScaleWorld) -> None:
    """Five applications per student and the placements (`made["placements"]`: center ->
    [(placement, profile, base, status, start, end)])."""
    rng, now = world.rng, world.now
    first, first_placement = next_id(Application), next_id(Placement)
    per_student = PROGRAM["applications_per_student"]
    applications, placements, made = [], [], {}
    for center in world.centers:
        pool = world.made["positions"][center.pk]
        # Popularity is skewed (Zipf-like), and one position per center draws a crowd on
        # top: every 13th student applies there.
        ranked = rng.sample(pool, len(pool))
        weights = list(itertools.accumulate(1 / (rank + 1) ** 0.5 for rank in range(len(pool))))
        busy = pool[0]
        picks_wanted = min(per_student, len(pool))
        for profile, uid, _year in world.made["students"][center.pk]:
            picks = {busy} if uid % 13 == 0 else set()
            while len(picks) < picks_wanted:
                picks.add(rng.choices(ranked, cum_weights=weights)[0])
            closed = [p for p in picks if p[2] != Position.Status.OPEN]
            placed = rng.choice(closed) if closed and rng.random() < PLACED_SHARE else None
            for position in picks:
                pid, base_id, _status, published, start, _months = position
                aid = first + len(applications)
                latest = min(now, world.moment(start, 9)) if position is placed else now
                span = max(60, int((latest - published).total_seconds() // 60))
                created = published + timedelta(minutes=rng.randrange(span))
                created = min(created, latest)
                status = (
                    S.ACCEPTED
                    if position is placed
                    else rng.choices(OTHER_STATES, OTHER_WEIGHTS)[0]
                )
                applications.append((aid, center.pk, pid, profile, status, "", created, created))
                if position is placed:
                    placements.append(
                        _placement(
                            world, first_placement + len(placements), center, aid, profile, position
                        )
                    )
                    row = placements[-1]
                    made.setdefault(center.pk, []).append(
                        (row[0], profile, base_id, row[8], row[6], row[7])
                    )
    copy_into(
        Application,
        [
            "id",
            "center_id",
            "position_id",
            "student_id",
            "status",
            "cover_letter",
            "created_at",
            "updated_at",
        ],
        applications,
    )
    copy_into(
        Placement,
        [
            "id",
            "center_id",
            "application_id",
            "student_id",
            "base_id",
            "position_id",
            "start_date",
            "end_date",
            "status",
            "terminated_on",
            "enterprise_rating",
            "student_rating",
            "created_at",
        ],
        placements,
    )
    reset_sequences(Application, Placement)
    world.made["placements"] = made
    world.say(f"  applications: {len(applications):,}; placements: {len(placements):,}")


def _placement(world, pk, center, application, profile, position) -> tuple:
    rng, today = world.rng, world.today
    pid, base_id, _status, _published, start, months = position
    end = start + timedelta(days=30 * months)
    terminated_on, status = None, Placement.Status.ONGOING
    if end < today:
        status = Placement.Status.COMPLETED
        if rng.random() < TERMINATED_SHARE:
            status = Placement.Status.TERMINATED
            terminated_on = start + timedelta(days=rng.randrange(10, 30 * months - 1))
    rated = status == Placement.Status.COMPLETED
    return (
        pk,
        center.pk,
        application,
        profile,
        base_id,
        pid,
        start,
        end,
        status,
        terminated_on,
        rng.randint(3, 5) if rated else None,
        rng.randint(3, 5) if rated else None,
        world.moment(start - timedelta(days=3)),
    )


register_scale(scale_students, order=20)
register_scale(scale_applications, order=21)
