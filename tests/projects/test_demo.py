"""The demo call in Hangzhou: twelve projects submitted to the first round, judged by
several mentors with one recusal and one declared conflict; the rural call's final list on
public notice with one objection answered and one open; an overdue milestone flagged; safe
to run twice."""

from django.utils import timezone

from mentorship.models import ServiceCenter
from mentorship.scoping import center_scope, system_scope
from projects import selectors
from projects.demo import seed_projects
from projects.models import (
    Assignment,
    Conflict,
    Entry,
    Milestone,
    Notice,
    Objection,
    Project,
    ProjectCall,
)


def snapshot():
    with system_scope():
        return (
            sorted(Project.objects.values_list("pk", "status")),
            sorted(Assignment.objects.values_list("pk", "status")),
        )


def test_demo_projects(demo):
    hangzhou = ServiceCenter.objects.get(slug="hangzhou")
    with center_scope(hangzhou):
        call = ProjectCall.objects.get(title__startswith=str(timezone.localdate().year))
        assert call.status == ProjectCall.Status.PUBLISHED
        assert call.projects.filter(status=Project.Status.SUBMITTED).count() == 12
        assert Assignment.objects.filter(status=Assignment.Status.RECUSED).count() == 1
        assert Assignment.objects.filter(status=Assignment.Status.SCORED).count() >= 20
        assert sorted(selectors.showcase(center=hangzhou).values_list("status", flat=True)) == [
            "incubating",
            "launched",
        ]
        conflict = Conflict.objects.get()
        # The declared conflict kept the judge off that project.
        assert not Assignment.objects.filter(
            judge=conflict.judge, entry__project=conflict.project
        ).exists()
        first = call.rounds.order_by("position").first()
        standings = selectors.standings_of(first)
        assert len(standings) == 12 and all(s.mean is not None for s in standings)
        assert Entry.objects.filter(decision=Entry.Decision.PENDING).count() == 12
        notice = Notice.objects.get(closed_at__isnull=True)
        assert selectors.notice_open(notice)
        assert notice.listed.filter(status=Project.Status.FINALIST).count() == 3
        assert sorted(Objection.objects.values_list("status", flat=True)) == [
            "dismissed",
            "open",
        ]
        assert Notice.objects.filter(closed_at__isnull=False).count() == 1
        (overdue,) = Milestone.objects.filter(overdue_at__isnull=False)
        assert overdue.done_at is None and overdue.project.mentor is not None
    before = snapshot()
    with system_scope():
        seed_projects(today=timezone.localdate())
    assert snapshot() == before
