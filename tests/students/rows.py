"""Row makers of the isolation matrix for the students app's URLs.

The matrix's positive control signs in a *new* member in the first role a URL allows, so
URLs about one person's rows list a role that sees every row of the center first
(coordinators), and the student's own actions are keyed by the position, not by the
application: a stranger's request finds no application of theirs and is turned away.
"""

import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from students.models import Interview, InterviewSlot
from students.pdf import simple_pdf
from students.services.alerts import unsubscribe_token
from tests.isolation import Row, row_maker
from tests.students.factories import (
    ApplicationFactory,
    PlacementFactory,
    PositionFactory,
    SavedSearchFactory,
    StudentProfileFactory,
)

# One shared file for every matrix row, so repeated runs do not pile up résumés.
MATRIX_RESUME = "private/resumes/isolation-matrix.pdf"


def _secret(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:12]}"


def _profile(center, name=None):
    if not default_storage.exists(MATRIX_RESUME):
        default_storage.save(MATRIX_RESUME, ContentFile(simple_pdf(["Isolation matrix"])))
    profile = StudentProfileFactory(center=center, resume=None)
    profile.resume.name = MATRIX_RESUME
    profile.save(update_fields=["resume"])
    if name:
        profile.user.name = name
        profile.user.save(update_fields=["name"])
    return profile


def _position(center):
    title = _secret("Position")
    return PositionFactory(base__center=center, title=title), title


@row_maker("center:students:position_detail")
@row_maker("center:students:application_submit")
@row_maker("center:students:application_withdraw")
@row_maker("center:students:application_accept")
@row_maker("center:students:application_decline")
def _position_row(center):
    position, title = _position(center)
    return Row({"pk": position.pk}, secret=title)


@row_maker("center:students:position_applicants")
def _position_applicants(center):
    position, _title = _position(center)
    name = _secret("Applicant")
    ApplicationFactory(position=position, student=_profile(center, name=name))
    return Row({"pk": position.pk}, secret=name)


@row_maker("center:students:applicant_detail")
def _applicant_detail(center):
    position, _title = _position(center)
    letter = _secret("Cover letter")
    application = ApplicationFactory(
        position=position, student=_profile(center), cover_letter=letter
    )
    return Row({"pk": application.pk}, secret=letter)


@row_maker("center:students:applicant_resume")
def _applicant_resume(center):
    position, _title = _position(center)
    application = ApplicationFactory(position=position, student=_profile(center))
    # A file download: no page text to look for.
    return Row({"pk": application.pk})


@row_maker("center:students:placement_detail")
def _placement_detail(center):
    position, _title = _position(center)
    supervisor = _secret("Supervisor")
    application = ApplicationFactory(position=position, student=_profile(center), status="accepted")
    placement = PlacementFactory(application=application, supervisor_name=supervisor)
    return Row({"pk": placement.pk}, secret=supervisor)


@row_maker("center:students:alert_unsubscribe")
def _alert_unsubscribe(center):
    name = _secret("Saved search")
    saved = SavedSearchFactory(center=center, name=name)
    return Row({"token": unsubscribe_token(saved)}, secret=name)


def _interview(center, *, scheduled=True):
    position, _title = _position(center)
    place = _secret("Interview room")
    application = ApplicationFactory(
        position=position, student=_profile(center), status="interview"
    )
    starts = timezone.now() + timedelta(days=3)
    interview = Interview.objects.create(
        center=center,
        application=application,
        mode=Interview.Mode.IN_PERSON,
        place=place,
        status=Interview.Status.SCHEDULED if scheduled else Interview.Status.PROPOSED,
        starts_at=starts if scheduled else None,
    )
    InterviewSlot.objects.create(center=center, interview=interview, starts_at=starts)
    return application, position, place


@row_maker("center:students:interview_propose")
@row_maker("center:students:interview_cancel")
@row_maker("center:students:applicant_interview_ics")
def _applicant_interview(center):
    application, _pos, place = _interview(center)
    return Row({"pk": application.pk}, secret=place)


@row_maker("center:students:interview_answer")
@row_maker("center:students:interview_ics")
def _own_interview(center):
    _application, position, place = _interview(center)
    return Row({"pk": position.pk}, secret=place)
