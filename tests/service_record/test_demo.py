"""The demo mentor's record shows every kind of service: pairings, sessions, consultations,
a talk and judging."""

from mentorship.models import ServiceCenter, User
from mentorship.scoping import center_scope
from mentorship.service_record import record_of


def test_the_demo_mentors_record_has_every_kind_of_service(demo):
    mentor = User.objects.get(email="mentor.hangzhou@demo.example")
    center = ServiceCenter.objects.get(slug="hangzhou")
    with center_scope(center):
        record = record_of(center=center, user=mentor)
    totals = {source.key: value for source, value in record.lines(None)}
    assert totals["mentors.pairings"] >= 2
    assert totals["mentors.sessions"] >= 2
    assert totals["mentors.session_hours"] > 0
    assert totals["mentors.consultations"] >= 1
    assert totals["mentors.students_reached"] >= 3
    assert totals["events.talks"] == 1
    assert totals["projects.entries_judged"] >= 1
