"""Batch matches through their services and pages: the cohort, the draft with its explained
rows, changing and dropping rows, publishing into pairings that respect capacity and the
students' own requests; row makers of the isolation matrix; query bounds."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentors import batch_selectors, batches, services
from mentors.models import MatchBatch, MatchProposal, MentorProfile, Pairing, PairingRequest
from mentorship.models import AuditEntry, Notification
from mentorship.scoping import center_scope
from tests.mentors.factories import MentorApprovalFactory
from tests.students.factories import StudentProfileFactory

P = Pairing.Status


def u(center, name, **kwargs):
    return reverse(f"center:mentors:{name}", kwargs={"center_slug": center.slug, **kwargs})


def add_students(center, n, **fields):
    return [StudentProfileFactory(center=center, **fields).user for _ in range(n)]


def draw(world, **cohort):
    with center_scope(world.center):
        return batches.batch_create(center=world.center, actor=world.coordinator, **cohort)


def publish(world, batch):
    with center_scope(world.center):
        return batches.batch_publish(center=world.center, actor=world.coordinator, batch=batch)


def test_a_batch_proposes_every_waiting_student_within_the_mentors_places(world, unscoped):
    add_students(world.center, 12, major="统计学")
    batch = draw(world)
    rows = list(batch.proposals.all())
    assert batch.status == MatchBatch.Status.DRAFT and batch.students == 13
    proposed = [r for r in rows if r.mentor_id]
    # Three mentors with three places each: nine students proposed, four told why not.
    assert len(proposed) == 9
    assert {r.unmatched for r in rows if not r.mentor_id} == {MatchProposal.Unmatched.TAKEN}
    for row in proposed:
        assert sum(part["points"] for part in row.breakdown) == row.score
        assert [part["key"] for part in row.breakdown] == [
            "major",
            "tags",
            "language",
            "capacity",
            "feedback",
        ]
    mine = next(r for r in rows if r.student_id == world.student.pk)
    assert mine.mentor_id == world.approvals[0].profile_id  # 计算机科学与技术 to 刘强
    assert AuditEntry.objects.filter(verb="match_batch.created", target_id=str(batch.pk)).exists()


def test_the_cohort_narrows_by_graduation_year_and_major_and_leaves_out_paired_students(
    world, unscoped
):
    add_students(world.center, 2, graduation_year=2030, major="市场营销")
    paired = add_students(world.center, 1, graduation_year=2030, major="市场营销")[0]
    with center_scope(world.center):
        services.pairing_assign(
            center=world.center,
            actor=world.coordinator,
            student=paired,
            approval=world.approvals[2],
        )
    batch = draw(world, graduation_year=2030, major="营销")
    assert batch.students == 2
    assert paired.pk not in set(batch.proposals.values_list("student_id", flat=True))
    with pytest.raises(ValidationError):
        draw(world, graduation_year=2031)


def test_a_student_who_listed_mentors_is_only_proposed_one_of_them(world, unscoped):
    with center_scope(world.center):
        services.pairing_request(
            center=world.center,
            actor=world.student,
            approvals=[world.approvals[2]],
            reason="想了解创业。",
        )
    batch = draw(world)
    mine = batch.proposals.get(student=world.student)
    assert mine.mentor_id == world.approvals[2].profile_id
    assert mine.preferred == [world.approvals[2].profile_id]


def test_a_row_changes_only_to_a_mentor_with_a_place_the_student_may_have(world, unscoped):
    batch = draw(world)
    row = batch.proposals.get(student=world.student)
    with center_scope(world.center):
        changed = batches.proposal_change(
            center=world.center,
            actor=world.coordinator,
            proposal=row,
            mentor=world.approvals[1].profile,
        )
        assert changed.mentor_id == world.approvals[1].profile_id and changed.edited
        assert sum(p["points"] for p in changed.breakdown) == changed.score
        outsider = MentorProfile.objects.create(user=world.coordinator, title="x", organization="y")
        with pytest.raises(ValidationError):
            batches.proposal_change(
                center=world.center, actor=world.coordinator, proposal=row, mentor=outsider
            )
        dropped = batches.proposal_drop(center=world.center, actor=world.coordinator, proposal=row)
    assert dropped.mentor is None and dropped.unmatched == MatchProposal.Unmatched.DROPPED


def test_a_full_mentor_cannot_be_chosen_for_another_row(world, unscoped):
    add_students(world.center, 8)
    batch = draw(world)
    full = world.approvals[0].profile
    other = batch.proposals.exclude(mentor=full).exclude(mentor=None).first()
    with center_scope(world.center), pytest.raises(ValidationError):
        batches.proposal_change(
            center=world.center, actor=world.coordinator, proposal=other, mentor=full
        )


def test_publishing_pairs_the_rows_tells_both_sides_and_settles_open_requests(world, unscoped):
    with center_scope(world.center):
        request = services.pairing_request(
            center=world.center,
            actor=world.student,
            approvals=[world.approvals[0], world.approvals[1]],
            reason="想找导师。",
        )
    others = add_students(world.center, 2)
    batch = draw(world)
    batch = publish(world, batch)
    assert batch.status == MatchBatch.Status.PUBLISHED and batch.published_at
    for student in [world.student, *others]:
        pairing = Pairing.objects.get(student=student, status=P.ACTIVE)
        assert Notification.objects.filter(user=student, url__contains=str(pairing.pk)).exists()
        assert Notification.objects.filter(
            user=pairing.mentor.user, url__contains=str(pairing.pk)
        ).exists()
    request.refresh_from_db()
    assert request.status == PairingRequest.Status.PAIRED
    assert not request.pairings.filter(status__in=(P.QUEUED, P.REQUESTED)).exists()
    assert set(batch.proposals.values_list("outcome", flat=True)) == {"paired"}
    assert AuditEntry.objects.filter(verb="match_batch.published").exists()
    with center_scope(world.center), pytest.raises(ValidationError):
        batches.proposal_drop(
            center=world.center, actor=world.coordinator, proposal=batch.proposals.first()
        )


def test_publishing_rechecks_places_taken_since_the_batch_was_drawn(world, unscoped):
    mentor = world.approvals[0].profile
    MentorProfile.objects.filter(pk=mentor.pk).update(capacity=1)
    batch = draw(world)
    row = batch.proposals.get(student=world.student)
    assert row.mentor_id == mentor.pk
    late = add_students(world.center, 1)[0]
    with center_scope(world.center):
        services.pairing_assign(
            center=world.center, actor=world.coordinator, student=late, approval=world.approvals[0]
        )
    publish(world, batch)
    row.refresh_from_db()
    assert row.outcome == MatchProposal.Outcome.MENTOR_FULL
    mentor.refresh_from_db()
    assert mentor.active_mentees == 1 == mentor.capacity


def test_coordinator_draws_edits_and_publishes_through_the_pages(client, world, unscoped):
    add_students(world.center, 3)
    client.force_login(world.coordinator)
    response = client.post(u(world.center, "batches"), {"major": ""})
    batch = MatchBatch.objects.get(center=world.center)
    assert response.url == u(world.center, "batch", pk=batch.pk)
    page = client.get(response.url).content.decode()
    assert "刘强" in page and "Major fit" in page
    row = batch.proposals.get(student=world.student)
    client.post(
        u(world.center, "proposal_change", pk=batch.pk, proposal_pk=row.pk),
        {"mentor": world.approvals[2].profile_id},
    )
    row.refresh_from_db()
    assert row.mentor_id == world.approvals[2].profile_id
    client.post(u(world.center, "batch_publish", pk=batch.pk))
    assert Pairing.objects.get(student=world.student, status=P.ACTIVE).mentor_id == row.mentor_id
    client.force_login(world.student)
    assert client.get(u(world.center, "batches")).status_code in (403, 404)


def test_batch_pages_do_not_grow_in_queries(client, world, unscoped, django_assert_max_num_queries):
    add_students(world.center, 40)
    for _ in range(5):
        MentorApprovalFactory(center=world.center)
    batch = draw(world)
    draw(world, major="统计")
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(25):
        assert client.get(u(world.center, "batches")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(u(world.center, "batch", pk=batch.pk)).status_code == 200
    publish(world, batch)
    with django_assert_max_num_queries(30):
        assert client.get(u(world.center, "batch", pk=batch.pk)).status_code == 200


def test_places_left_count_the_rows_of_the_draft(world, unscoped):
    batch = draw(world)
    left = batch_selectors.places_left(batch)
    assert left[world.approvals[0].profile_id] == 2
