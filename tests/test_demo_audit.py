"""The demo's audit trail is the one real use leaves: every workflow row of the demo has the
entries its services write, in the order its steps happened, and nothing else wrote any."""

import sys
from collections import defaultdict
from datetime import datetime, time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bases.models import Enterprise, Position, TrainingBase
from events.models import Event
from mentorship.audit_registry import AUDIT_VERBS
from mentorship.celery import app as celery_app
from mentorship.models import (
    AuditEntry,
    CenterApplication,
    Membership,
    OutgoingEmail,
    Role,
)
from students.models import Application, CheckIn, Placement, StudentProfile

# Committed for real: the emails go out once the demo's transaction commits.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("unscoped")]


@pytest.fixture
def writers(monkeypatch):
    """Who saved each audit entry: the function that called AuditEntry.save()."""
    seen = []
    save = AuditEntry.save

    def spying_save(self, *args, **kwargs):
        caller = sys._getframe(1)
        seen.append(f"{caller.f_globals['__name__']}.{caller.f_code.co_name}")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(AuditEntry, "save", spying_save)
    return seen


@pytest.fixture
def broker_configured():
    """As with REDIS_URL set: tasks would go to a broker and a worker would send the email."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = previous


def test_the_demo_s_audit_trail_is_written_by_its_services(writers, broker_configured):
    call_command("seed_demo", stdout=StringIO())
    trail = Trail()

    # Only the audit helper the services call wrote entries, and nothing bypassed save().
    assert set(writers) == {"mentorship.audit.audit"}
    assert AuditEntry.objects.count() == len(writers)
    assert set(AuditEntry.objects.values_list("verb", flat=True)) <= AUDIT_VERBS.keys()
    assert not AuditEntry.objects.filter(created_at__gt=timezone.now()).exists()
    # Every step is dated on a day of the demo's past; only the subsidy claims are made today,
    # and the numbers of today's walk-in queue, which is in progress.
    start_of_today = timezone.make_aware(datetime.combine(timezone.localdate(), time()))
    made_today = set(
        AuditEntry.objects.filter(created_at__gte=start_of_today).values_list("verb", flat=True)
    )
    assert made_today and all(
        verb.startswith(("subsidy", "queue_ticket")) for verb in made_today
    ), made_today

    enterprises_are_registered_by_their_representatives(trail)
    bases_went_through_their_review(trail)
    positions_were_posted(trail)
    applications_went_through_each_step(trail)
    placements_ran_their_course(trail)
    people_joined_and_were_verified(trail)
    events_and_the_center_application_were_announced(trail)

    # The demo's notifications were sent here, into memory, not left to a worker's SMTP.
    assert celery_app.conf.task_always_eager is False
    assert OutgoingEmail.objects.exists()
    assert not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists()
    assert len(mail.outbox) == OutgoingEmail.objects.count()


class Trail:
    """The demo's audit entries by the row they are about, oldest first."""

    def __init__(self):
        self.entries = defaultdict(list)
        for entry in AuditEntry.objects.order_by("created_at", "pk"):
            self.entries[(entry.target_type, entry.target_id)].append(entry)

    def of(self, row) -> list[AuditEntry]:
        return self.entries[(row._meta.label_lower, str(row.pk))]

    def verbs(self, row) -> list[str]:
        return [entry.verb for entry in self.of(row)]

    def one(self, row, verb) -> AuditEntry:
        found = [entry for entry in self.of(row) if entry.verb == verb]
        assert len(found) == 1, (row, verb, self.verbs(row))
        return found[0]


def _members(center, role) -> set[int]:
    return set(
        Membership.objects.filter(center=center, role=role, is_active=True).values_list(
            "user_id", flat=True
        )
    )


def enterprises_are_registered_by_their_representatives(trail):
    enterprises = Enterprise.objects.filter(bases__isnull=False).distinct()
    assert enterprises.count() == 10
    for enterprise in enterprises:
        registered = trail.one(enterprise, "enterprise.registered")
        assert enterprise.representatives.filter(pk=registered.actor_id).exists()
        assert registered.created_at == enterprise.created_at


def bases_went_through_their_review(trail):
    S = TrainingBase.Status
    steps = ["base.created", "base.submitted", "base.review_started", "base.recognized"]
    expected = {S.SUBMITTED: steps[:2], S.UNDER_REVIEW: steps[:3], S.RECOGNIZED: steps}
    statuses = set()
    for base in TrainingBase.objects.select_related("enterprise", "center"):
        statuses.add(base.status)
        assert trail.verbs(base) == expected[base.status], base
        submitted = trail.one(base, "base.submitted")
        assert base.enterprise.representatives.filter(pk=submitted.actor_id).exists()
        assert submitted.created_at == base.submitted_at
        if base.status == S.RECOGNIZED:
            recognized = trail.one(base, "base.recognized")
            assert recognized.actor_id in _members(base.center, Role.BUREAU)
            assert recognized.created_at == base.decided_at
            assert timezone.localdate(base.decided_at) == base.recognized_from
    assert statuses == set(expected)


def positions_were_posted(trail):
    for position in Position.objects.all():
        verbs = trail.verbs(position)
        assert verbs[0] == "position.created", position
        if position.status == Position.Status.DRAFT:
            assert verbs == ["position.created"]
        else:
            published = trail.one(position, "position.published")
            assert published.created_at == position.published_at
        assert ("position.closed" in verbs) == (position.status == Position.Status.CLOSED)


def applications_went_through_each_step(trail):
    S = Application.Status
    for application in Application.objects.select_related("student"):
        entries = trail.of(application)
        assert entries[0].verb == "application.submitted", application
        assert entries[0].actor_id == application.student.user_id
        assert entries[0].created_at == application.created_at
        # Interview arrangements are on the application's trail too, between its states.
        states = [e for e in entries if not e.verb.startswith("application.interview_")]
        assert states[-1].verb == f"application.{application.status}", application
        if application.status == S.ACCEPTED:
            assert [e.verb for e in entries[1:]] == [
                "application.shortlisted",
                "application.interview",
                "application.offered",
                "application.accepted",
            ]


def placements_ran_their_course(trail):
    P = Placement.Status
    statuses = set()
    for placement in Placement.objects.all():
        statuses.add(placement.status)
        created = trail.one(placement, "placement.created")
        assert timezone.localdate(created.created_at) < placement.start_date
        verbs = trail.verbs(placement)
        assert ("placement.completed" in verbs) == (placement.status == P.COMPLETED)
        assert ("placement.terminated" in verbs) == (placement.status == P.TERMINATED)
        if placement.start_date <= timezone.localdate():
            assert "placement.supervisor_set" in verbs, placement
        checked_in = sorted(e.after["month"] for e in trail.of(placement) if "month" in e.after)
        months = CheckIn.objects.filter(placement=placement).order_by("month")
        assert checked_in == [m.isoformat() for m in months.values_list("month", flat=True)]
    assert statuses == set(P.values)


def people_joined_and_were_verified(trail):
    for membership in Membership.objects.filter(is_active=True).select_related("center"):
        joined = trail.one(membership, "membership.joined")
        assert joined.created_at == membership.created_at
        if membership.role in (Role.COORDINATOR, Role.BUREAU):
            assert joined.after["invitation"] is not None, membership
    verified = StudentProfile.objects.filter(verified_at__isnull=False)
    assert verified.exists()
    for profile in verified:
        entry = trail.one(profile, "student.verified")
        assert entry.actor_id == profile.verified_by_id
        assert entry.created_at == profile.verified_at
        assert profile.verified_by_id in _members(profile.center, Role.COORDINATOR)


PROGRAMME_VERBS = {"event.co_organizers_set", "event.host_set", "event.speaker_added"}


def events_and_the_center_application_were_announced(trail):
    for event in Event.objects.select_related("center"):
        # A multi-session event is split into its sessions between drafting and publishing.
        verbs = [verb for verb in trail.verbs(event) if verb != "event.session_saved"]
        assert verbs[:2] == ["event.saved", "event.published"], event
        # After the announcement, only its programme: co-organizers, a host, speakers.
        assert set(verbs[2:]) <= PROGRAMME_VERBS, event
        assert trail.of(event)[0].actor_id in _members(event.center, Role.COORDINATOR)
    for application in CenterApplication.objects.all():
        assert trail.verbs(application) == ["center_application.submitted"]
