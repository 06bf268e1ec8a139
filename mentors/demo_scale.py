"""The mentors' part of a program-scale year: mentors approved by their center and the
face-to-face tutor activities, each with a panel of three whose walk-in queues and booked
slots were held (`mentorship.bulk`)."""

from datetime import timedelta

from mentors.models import (
    ActivityMentor,
    ConsultationSlot,
    FaceToFaceActivity,
    MentorApproval,
    MentorProfile,
    QueueTicket,
)
from mentorship.bulk import ScaleWorld, copy_into, next_id, register_scale, reset_sequences
from mentorship.models import Role

ORGANIZATIONS = ["阿里巴巴", "海康威视", "中控技术", "网易", "浙江财经大学", "杭州银行"]
TITLES = ["技术总监", "人力资源经理", "创业者", "产品负责人", "财务总监", "教授"]
PANEL = 3
# Per activity: walk-in numbers finished (about 88 students each, as the seed counts) and
# booked slots held per mentor.
WALK_INS = (60, 100)
SLOTS_PER_MENTOR = 4
MINUTES = 15


def scale_mentors(world: ScaleWorld) -> None:
    """Profiles and approvals (`made["mentors"]`: center -> [(profile, user)])."""
    rng, now = world.rng, world.now
    first, first_approval = next_id(MentorProfile), next_id(MentorApproval)
    profiles, approvals, made = [], [], {}
    for center in world.centers:
        for uid in world.made["people"][Role.MENTOR][center.pk]:
            pk = first + len(profiles)
            profiles.append(
                (
                    pk,
                    uid,
                    rng.choice(TITLES),
                    rng.choice(ORGANIZATIONS),
                    rng.randint(2, 5),
                    now,
                    now,
                )
            )
            approvals.append(
                (
                    first_approval + len(approvals),
                    center.pk,
                    pk,
                    MentorApproval.Status.APPROVED,
                    now,
                    now,
                    now,
                )
            )
            made.setdefault(center.pk, []).append((pk, uid))
    copy_into(
        MentorProfile,
        ["id", "user_id", "title", "organization", "capacity", "created_at", "updated_at"],
        profiles,
    )
    copy_into(
        MentorApproval,
        ["id", "center_id", "profile_id", "status", "decided_at", "created_at", "updated_at"],
        approvals,
    )
    reset_sequences(MentorProfile, MentorApproval)
    world.made["mentors"] = made
    world.say(f"  mentors: {len(profiles):,}")


def scale_face_to_face(world: ScaleWorld) -> None:
    rng = world.rng
    first_activity, first_seat = next_id(FaceToFaceActivity), next_id(ActivityMentor)
    first_ticket, first_slot = next_id(QueueTicket), next_id(ConsultationSlot)
    activities, seats, tickets, slots = [], [], [], []
    for center, n in world.per_center("face_to_face"):
        students = world.made["people"][Role.STUDENT][center.pk]
        mentors = world.made["mentors"][center.pk]
        for i in range(n):
            pk = first_activity + len(activities)
            starts = world.moment(world.day_in_year(), 13, 30)
            activities.append(
                (
                    pk,
                    center.pk,
                    f"“面对面”导师活动（第{i + 1}场）",
                    f"{center.city}高校就业指导中心",
                    starts,
                    starts + timedelta(hours=4),
                    f"F{pk:07d}",
                    MINUTES,
                    starts - timedelta(days=14),
                    starts - timedelta(days=14),
                )
            )
            panel = rng.sample(mentors, min(PANEL, len(mentors)))
            for profile, _uid in panel:
                seat = first_seat + len(seats)
                walk_ins = rng.randrange(*WALK_INS) // len(panel)
                seats.append((seat, center.pk, pk, profile, walk_ins))
                came = rng.sample(students, min(walk_ins + SLOTS_PER_MENTOR, len(students)))
                for number, uid in enumerate(came[:walk_ins], 1):
                    called = starts + timedelta(minutes=MINUTES * (number - 1) % 240)
                    tickets.append(
                        (
                            first_ticket + len(tickets),
                            center.pk,
                            pk,
                            seat,
                            uid,
                            number,
                            QueueTicket.Status.DONE,
                            called,
                            called + timedelta(minutes=MINUTES - 2),
                            called - timedelta(minutes=20),
                            called + timedelta(minutes=MINUTES - 2),
                        )
                    )
                for n_slot, uid in enumerate(came[walk_ins:]):
                    begins = starts + timedelta(minutes=MINUTES * n_slot)
                    slots.append(
                        (
                            first_slot + len(slots),
                            center.pk,
                            pk,
                            profile,
                            begins,
                            begins + timedelta(minutes=MINUTES),
                            24,
                            uid,
                            begins - timedelta(days=3),
                            ConsultationSlot.Outcome.DONE,
                            begins + timedelta(minutes=MINUTES),
                            starts - timedelta(days=7),
                        )
                    )
    copy_into(
        FaceToFaceActivity,
        [
            "id",
            "center_id",
            "title",
            "venue",
            "starts_at",
            "ends_at",
            "door_code",
            "minutes_per_consultation",
            "created_at",
            "updated_at",
        ],
        activities,
    )
    copy_into(ActivityMentor, ["id", "center_id", "activity_id", "mentor_id", "last_number"], seats)
    copy_into(
        QueueTicket,
        [
            "id",
            "center_id",
            "activity_id",
            "seat_id",
            "student_id",
            "number",
            "status",
            "called_at",
            "finished_at",
            "created_at",
            "updated_at",
        ],
        tickets,
    )
    copy_into(
        ConsultationSlot,
        [
            "id",
            "center_id",
            "activity_id",
            "mentor_id",
            "starts_at",
            "ends_at",
            "notice_hours",
            "student_id",
            "booked_at",
            "outcome",
            "outcome_at",
            "created_at",
        ],
        slots,
    )
    reset_sequences(FaceToFaceActivity, ActivityMentor, QueueTicket, ConsultationSlot)
    world.say(
        f"  face-to-face activities: {len(activities):,}; walk-in consultations:"
        f" {len(tickets):,}; booked consultations: {len(slots):,}"
    )


register_scale(scale_mentors, order=50)
register_scale(scale_face_to_face, order=51)
