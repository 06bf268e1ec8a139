"""Row makers of the isolation and site matrices for the pages of mentors' records."""

from mentorship.models import Membership, Role
from tests.factories import UserFactory
from tests.isolation import Row, row_maker


def _mentor(center):
    user = UserFactory(name="Secret Record Mentor")
    Membership.objects.create(center=center, user=user, role=Role.MENTOR)
    return user


@row_maker("center:mentors:record_of")
def _record_of(center):
    return Row({"pk": _mentor(center).pk}, secret="Secret Record Mentor", role=Role.COORDINATOR)


@row_maker("center:mentors:letter_of")
def _letter_of(center):
    return Row({"pk": _mentor(center).pk}, role=Role.COORDINATOR)


@row_maker("program_mentor_record")
def _program_record(center):
    return Row({"pk": _mentor(center).pk}, secret="Secret Record Mentor")
