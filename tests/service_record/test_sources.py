"""Each part of a mentor's record against the world counted by hand (see conftest.py)."""

from decimal import Decimal

import pytest
import time_machine

from mentorship.scoping import center_scope
from mentorship.service_record import SOURCES, items_of, record_of, records
from tests.service_record.conftest import bj

pytestmark = pytest.mark.django_db


def values(record, year):
    return {source.key: value for source, value in record.lines(year)}


def test_every_app_registers_its_parts_of_the_record():
    assert set(SOURCES) == {
        "mentors.pairings",
        "mentors.sessions",
        "mentors.session_hours",
        "mentors.consultations",
        "mentors.students_reached",
        "events.talks",
        "projects.entries_judged",
        "projects.rounds_judged",
    }


def test_a_year_counts_what_a_person_would_count_in_beijing_time(world):
    with center_scope(world.center):
        record = record_of(center=world.center, user=world.wang)
    assert values(record, 2026) == {
        "mentors.pairings": 1,
        "mentors.sessions": 3,
        "mentors.session_hours": Decimal("2.5"),
        "mentors.consultations": 2,
        "mentors.students_reached": 3,
        "events.talks": 1,
        "projects.entries_judged": 3,
        "projects.rounds_judged": 2,
    }
    assert values(record, 2025) == {
        "mentors.pairings": 1,
        "mentors.sessions": 1,
        "mentors.session_hours": Decimal("1.5"),
        "mentors.consultations": 0,
        "mentors.students_reached": 1,
        "events.talks": 1,
        "projects.entries_judged": 0,
        "projects.rounds_judged": 0,
    }
    assert record.years == [2026, 2025]


def test_totals_add_up_the_years_but_count_a_student_once(world):
    with center_scope(world.center):
        record = record_of(center=world.center, user=world.wang)
    totals = values(record, None)
    assert totals["mentors.sessions"] == 4
    assert totals["mentors.session_hours"] == 4
    assert totals["events.talks"] == 2
    # s1 was reached in both years: three different students, not four.
    assert totals["mentors.students_reached"] == 3
    assert totals["projects.rounds_judged"] == 2


def test_a_talk_counts_once_its_event_has_begun(world):
    with time_machine.travel(bj(2026, 4, 21, 9, 0), tick=False), center_scope(world.center):
        record = record_of(center=world.center, user=world.wang)
    assert values(record, 2026)["events.talks"] == 2


def test_records_of_many_mentors_come_from_one_pass(world, django_assert_max_num_queries):
    with center_scope(world.center), django_assert_max_num_queries(len(SOURCES) + 6):
        found = records(center=world.center, user_ids=[world.wang.pk, world.li.pk])
    li = found[(world.center.pk, world.li.pk)]
    assert values(li, 2026)["mentors.session_hours"] == 10
    assert values(li, 2026)["events.talks"] == 0


def test_another_center_keeps_its_own_record(world):
    with center_scope(world.other_center):
        record = record_of(center=world.other_center, user=world.wang)
    assert values(record, 2026)["mentors.sessions"] == 1
    assert values(record, 2026)["mentors.session_hours"] == 5
    assert values(record, 2026)["events.talks"] == 1
    assert values(record, 2025)["mentors.sessions"] == 0


def test_all_centers_at_once_for_program_staff(world):
    found = records(center=None, user_ids=[world.wang.pk])
    assert set(found) == {(world.center.pk, world.wang.pk), (world.other_center.pk, world.wang.pk)}


def test_the_details_of_a_year_name_the_talks_activities_and_rounds(world):
    with center_scope(world.center):
        items = {
            s.key: [i.text for i in lines]
            for s, lines in items_of(center=world.center, user=world.wang, year=2026)
        }
    assert items["events.talks"] == ["“从实习生到技术负责人” at 从实习生到技术负责人活动"]
    assert items["mentors.consultations"] == [
        "新年导师面对面: 1 consultation",
        "春季导师面对面: 1 consultation",
    ]
    assert [text.split(", ")[1] for text in items["projects.entries_judged"]] == [
        "初赛网评: 2 entries scored",
        "复赛路演: 1 entry scored",
    ]
