"""Row makers of the isolation matrix for the projects app's URLs.

The positive control signs in a new member in the first role a URL allows: pages of a
project list coordinators first (they see every project of the center); a student's own
actions on a project are made for a team the new member is not in, so their service or
selector turns them away, which the matrix accepts as the row's protection."""

import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from projects.models import Notice, Objection, Project
from tests.factories import UserFactory
from tests.isolation import Row, row_maker
from tests.projects.factories import (
    AssignmentFactory,
    EntryFactory,
    ProjectCallFactory,
    ProjectFactory,
    RoundFactory,
)


def _secret(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:12]}"


@row_maker("center:projects:call")
def _call(center):
    title = _secret("Call")
    call = ProjectCallFactory(center=center, title=title)
    return Row({"pk": call.pk}, secret=title)


@row_maker("center:projects:round_add")
@row_maker("center:projects:call_publish")
@row_maker("center:projects:project_create")
def _call_action(center):
    found = RoundFactory(call=ProjectCallFactory(center=center))
    return Row({"pk": found.call_id})


@row_maker("center:projects:criterion_add")
def _criterion(center):
    found = RoundFactory(call=ProjectCallFactory(center=center))
    return Row({"pk": found.call_id, "round_pk": found.pk})


def _project(center, **kwargs):
    title = _secret("Project")
    found = RoundFactory(call=ProjectCallFactory(center=center))
    return ProjectFactory(current_round=found, title=title, **kwargs), title


@row_maker("center:projects:project")
def _project_detail(center):
    project, title = _project(center)
    return Row({"pk": project.pk}, secret=title, role="coordinator")


@row_maker("center:projects:deck")
def _deck(center):
    project, _title = _project(center, pitch_deck=ContentFile(b"%PDF-1.4 deck", name="d.pdf"))
    return Row({"pk": project.pk}, role="coordinator")


@row_maker("center:projects:project_edit")
@row_maker("center:projects:invite")
@row_maker("center:projects:answer")
@row_maker("center:projects:submit")
@row_maker("center:projects:withdraw")
@row_maker("center:projects:conflict")
def _project_action(center):
    project, _title = _project(center)
    return Row({"pk": project.pk})


@row_maker("center:projects:score")
@row_maker("center:projects:recuse")
def _assignment(center):
    project, title = _project(center, status=Project.Status.SUBMITTED)
    assignment = AssignmentFactory(entry=EntryFactory(project=project))
    return Row({"pk": assignment.pk}, secret=title)


@row_maker("center:projects:ranking")
@row_maker("center:projects:assign")
def _round(center):
    found = RoundFactory(call=ProjectCallFactory(center=center))
    return Row({"pk": found.pk})


@row_maker("center:projects:decide")
def _entry(center):
    project, _title = _project(center, status=Project.Status.SUBMITTED)
    return Row({"pk": EntryFactory(project=project).pk})


@row_maker("center:projects:outcome")
@row_maker("center:projects:milestone_add")
def _selected(center):
    project, _title = _project(center, status=Project.Status.SELECTED)
    return Row({"pk": project.pk})


@row_maker("center:projects:milestone_done")
def _milestone(center):
    project, _title = _project(center, status=Project.Status.INCUBATING)
    milestone = project.milestones.create(center=center, title="完成产品原型", due_on="2027-03-01")
    return Row({"pk": project.pk, "milestone_pk": milestone.pk})


def _on_notice(center):
    """A project of the center's final list on a public notice running now."""
    project, title = _project(center, status=Project.Status.FINALIST, publish_consent=True)
    now = timezone.now()
    notice = Notice.objects.create(
        center=center,
        call=project.call,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=6),
    )
    Project.objects.filter(pk=project.pk).update(notice=notice)
    project.refresh_from_db()
    return project, title


@row_maker("center:projects:objection_file")
def _listed(center):
    project, title = _on_notice(center)
    return Row({"pk": project.pk}, secret=title)


@row_maker("center:projects:notice")
@row_maker("center:projects:notice_publish")
def _notice(center):
    project, title = _on_notice(center)
    return Row({"pk": project.call_id}, secret=title)


@row_maker("center:projects:objection_evidence")
def _evidence(center):
    return _objection(center, secret=False)


@row_maker("center:projects:objection_answer")
def _objection(center, secret=True):
    project, _title = _on_notice(center)
    reason = _secret("Objection")
    objection = Objection.objects.create(
        center=center,
        notice=project.notice,
        project=project,
        objector=UserFactory(),
        reason=reason,
        evidence=ContentFile(b"%PDF-1.4 evidence", name="e.pdf"),
    )
    return Row({"pk": objection.pk}, secret=reason if secret else "")


@row_maker("program_project_call")
def _program_call(center):
    title = _secret("Call")
    call = ProjectCallFactory(center=center, title=title)
    RoundFactory(call=call)
    return Row({"pk": call.pk}, secret=title)
