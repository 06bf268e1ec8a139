"""Suggestions explain themselves: each reason's fit and weight, tunable per center."""

from mentors import selectors
from mentors.models import MentorSettings
from mentors.suggestions import major_fit, shared_tags
from mentorship.scoping import center_scope


def by_name(found):
    return {str(s.approval.profile): s for s in found}


def test_the_mentor_of_the_students_major_and_interests_comes_first(world):
    with center_scope(world.center):
        found = selectors.suggestions_for(center=world.center, user=world.student)
    assert str(found[0].approval.profile) == "刘强"
    parts = {p.key: p for p in found[0].parts}
    assert parts["major"].value == 1.0 and parts["major"].detail == "计算机科学与技术"
    assert parts["tags"].detail == "数据分析"
    assert parts["capacity"].value == 1.0
    assert found[0].score > found[1].score


def test_the_centers_weights_change_the_order(world):
    MentorSettings.objects.create(
        center=world.center,
        weight_major=0,
        weight_tags=0,
        weight_language=0,
        weight_capacity=10,
        weight_feedback=0,
    )
    busy = world.approvals[0].profile
    busy.active_mentees = 2
    busy.save()
    with center_scope(world.center):
        found = selectors.suggestions_for(center=world.center, user=world.student)
    assert str(found[-1].approval.profile) == "刘强"
    assert by_name(found)["王芳"].score == 100


def test_full_mentors_are_not_suggested(world):
    full = world.approvals[1].profile
    full.active_mentees = full.capacity
    full.save()
    with center_scope(world.center):
        found = selectors.suggestions_for(center=world.center, user=world.student)
    assert "王芳" not in by_name(found)


def test_major_fit_and_shared_tags():
    assert major_fit("计算机科学与技术", ["计算机科学与技术"]) == (1.0, "计算机科学与技术")
    assert major_fit("计算机科学与技术", ["计算机"]) == (0.5, "计算机")
    assert major_fit("", ["计算机"]) == (0.0, "")
    assert shared_tags("Python, 数据分析", ["数据分析", "融资"]) == (1 / 3, ["数据分析"])
