"""Capacity on PostgreSQL: more mentees accepted at once than a mentor has places.
Real threads, real connections, real row locks."""

import pytest
from django.core.exceptions import ValidationError

from mentors import services
from mentors.models import MentorProfile, Pairing
from mentorship.scoping import center_scope
from tests.mentors.factories import MentorApprovalFactory, PairingFactory
from tests.students.test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def accepting(center, mentor, pairing):
    def job():
        with center_scope(center):
            return services.pairing_accept(center=center, actor=mentor, pairing=pairing)

    return job


def test_eight_concurrent_accepts_never_pass_a_capacity_of_three(postgres, center, unscoped):
    approval = MentorApprovalFactory(center=center, profile__capacity=3)
    mentor = approval.profile.user
    requests = [PairingFactory(center=center, mentor=approval.profile) for _ in range(8)]

    results = run_together([accepting(center, mentor, p) for p in requests])

    accepted = [value for kind, value in results if kind == "ok"]
    refused = [value for kind, value in results if kind == "error"]
    assert len(accepted) == 3
    assert len(refused) == 5
    for error in refused:
        assert isinstance(error, ValidationError) and error.code == "mentor_full", repr(error)
    assert MentorProfile.objects.get(pk=approval.profile_id).active_mentees == 3
    assert Pairing.objects.filter(mentor=approval.profile, status="active").count() == 3
