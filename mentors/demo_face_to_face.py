"""The demo's face-to-face tutor activity in Hangzhou, today: the demo mentor and a friend
on the panel, the demo mentor's slots of the later hours (one booked by the demo student), and
the walk-in queue in progress (one consultation held, one with the mentor now, two
waiting). Every step goes through the services at its moment; running it again adds nothing.
"""

from datetime import timedelta

from django.utils import timezone

from mentors import face_to_face as services
from mentors.models import FaceToFaceActivity, MentorApproval, QueueTicket
from mentorship.demo import at, days_before, demo_coordinator, moment
from mentorship.models import Membership, Role, ServiceCenter, User

TITLE = "导师面对面：求职与职业规划咨询"
VENUE = "杭州市人力资源市场 3 楼咨询区"
MENTOR = "mentor.hangzhou@demo.example"
FRIEND = "mentor.jin@demo.example"
STUDENT = "student.hangzhou@demo.example"
# Who takes a number, in order: the first is seen, the second is with the mentor now.
WALK_INS = [
    "student04.hangzhou@demo.example",
    "student05.hangzhou@demo.example",
    STUDENT,
    "student06.hangzhou@demo.example",
]


def _student(center, email):
    user = User.objects.filter(email=email).first()
    if user and Membership.objects.filter(center=center, user=user, role=Role.STUDENT).exists():
        return user
    return None


def seed_face_to_face(stdout=None, today=None) -> None:
    today = today or timezone.localdate()
    center = ServiceCenter.objects.filter(slug="hangzhou").first()
    if center is None or FaceToFaceActivity.objects.filter(center=center, title=TITLE).exists():
        return
    approvals = list(
        MentorApproval.objects.filter(
            center=center,
            status=MentorApproval.Status.APPROVED,
            profile__user__email__in=(MENTOR, FRIEND),
        )
        .select_related("profile__user")
        .order_by("profile__user__email")
    )
    approvals.sort(key=lambda a: a.profile.user.email != MENTOR)
    if not approvals or approvals[0].profile.user.email != MENTOR:
        return
    mentor = approvals[0].profile.user
    # The queue is in progress whenever the demo is loaded: the activity began an hour or so
    # before that moment (every step of the demo lies in its past).
    now = timezone.now()
    if timezone.localdate(now) != today:
        now = moment(today, 12, 0)
    local = timezone.localtime(now)
    starts = local.replace(minute=0 if local.minute < 30 else 30, second=0, microsecond=0)
    starts -= timedelta(hours=1)
    with at(days_before(today, 7, 15)):
        activity = services.activity_create(
            center=center,
            actor=demo_coordinator(center),
            title=TITLE,
            venue=VENUE,
            starts_at=starts,
            ends_at=starts + timedelta(hours=8),
            approvals=approvals,
            minutes_per_consultation=15,
        )
    with at(days_before(today, 6, 20)):
        slots = services.slots_publish(
            center=center,
            actor=mentor,
            activity=activity,
            first_start=starts + timedelta(hours=4),
            count=4,
            length_minutes=20,
            buffer_minutes=5,
            notice_hours=2,
        )
    student = _student(center, STUDENT)
    if student is not None:
        with at(days_before(today, 2, 19)):
            services.slot_book(center=center, actor=student, slot=slots[1])
    seat = activity.panel.get(mentor=approvals[0].profile)
    walk_ins = [u for u in (_student(center, email) for email in WALK_INS) if u is not None]
    for n, user in enumerate(walk_ins):
        with at(starts + timedelta(minutes=5 + 3 * n)):
            services.ticket_take(center=center, actor=user, activity=activity, seat=seat)
    if len(walk_ins) >= 2:
        with at(starts + timedelta(minutes=15)):
            first = services.queue_call_next(center=center, actor=mentor, activity=activity)
        with at(starts + timedelta(minutes=32)):
            services.ticket_finish(
                center=center,
                actor=mentor,
                ticket=first,
                outcome=QueueTicket.Status.DONE,
                note="想转向数据分析：先补 SQL 与统计基础\n下周带修改后的简历再来",
            )
        with at(starts + timedelta(minutes=33)):
            services.queue_call_next(center=center, actor=mentor, activity=activity)
    if stdout:
        stdout.write(
            f"Face-to-face: one activity today, {len(slots)} slots, {len(walk_ins)} walk-ins."
        )
