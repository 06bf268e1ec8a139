"""The demo mentor's talk at the past lecture of Hangzhou, so their record (and its service
letter) has a talk given: the coordinator puts them on the programme before the day."""

from datetime import timedelta

from django.utils import timezone

from events.demo import PAST_LECTURE
from events.models import Event, Speaker
from events.services import speaker_add
from mentorship.demo import at, demo_coordinator, register_demo
from mentorship.models import ServiceCenter, User

DEMO_MENTOR = "mentor.hangzhou@demo.example"
TALK = "实习面试中最容易忽略的十个细节"


def seed_demo_mentor_talk(stdout=None, today=None) -> None:
    """Inside system_scope(); adds the talk only when it is missing."""
    center = ServiceCenter.objects.filter(slug="hangzhou").first()
    mentor = User.objects.filter(email=DEMO_MENTOR).first()
    lecture = Event.objects.filter(center=center, title=PAST_LECTURE[0]).first()
    if center is None or mentor is None or lecture is None:
        return
    if Speaker.objects.filter(event=lecture, user=mentor).exists():
        return
    with at(min(lecture.starts_at - timedelta(days=7), timezone.now())):
        speaker_add(
            center=center,
            actor=demo_coordinator(center),
            event=lecture,
            user=mentor,
            talk_title=TALK,
        )
    if stdout:
        stdout.write("Talks: the demo mentor spoke at the past lecture.")


# After the events (40, 45) and the mentors (50), before the figures.
register_demo(seed_demo_mentor_talk, order=57)
