"""The events demo: a full upcoming workshop with people waiting, and a past lecture that was
attended and reviewed, all through the services."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from events import selectors
from events.demo import PAST_LECTURE, WORKSHOP
from events.models import DoorScan, Event, Registration

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


def test_the_demo_has_a_full_workshop_and_an_attended_past_lecture():
    call_command("seed_demo", stdout=StringIO())
    workshop = Event.objects.get(title=WORKSHOP[0])
    assert workshop.starts_at > timezone.now()
    figures = selectors.attendance(event=workshop)
    assert (figures["registered"], figures["free"], figures["waitlisted"]) == (6, 0, 3)
    named = Registration.objects.get(event=workshop, user__email="student.hangzhou@demo.example")
    assert named.status == Registration.Status.WAITLISTED
    assert selectors.waitlist_position(named) == 3

    lecture = Event.objects.get(title=PAST_LECTURE[0])
    assert lecture.ends_at < timezone.now()
    figures = selectors.attendance(event=lecture)
    assert (figures["registered"], figures["checked_in"], figures["no_show"]) == (12, 10, 2)
    assert figures["reviews"] == 6 and figures["rating"] == 4.3
    results = list(DoorScan.objects.filter(event=lecture).values_list("result", flat=True))
    assert sorted(set(results)) == ["already", "valid"] and len(results) == 11

    call_command("seed_demo", stdout=StringIO())
    assert Registration.objects.filter(event__in=[workshop, lecture]).count() == 21
