"""The outcome figures against a world built by hand, the offers of employment, and the
destination survey (sent once, after the graduation day, answered or not)."""

from datetime import date, datetime, time
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from mentorship.figures import base_years, figure_named, recompute_center
from mentorship.models import AuditEntry, FigureValue, Notification, NotificationKind, Role
from mentorship.personal_data import sections
from mentorship.scoping import center_scope
from outcomes import services
from outcomes.base_sections import base_outcomes
from outcomes.models import DestinationSurvey, EmploymentOffer
from outcomes.tasks import destination_surveys_task
from students.models import Placement
from tests.students.factories import (
    EnterpriseFactory,
    PlacementFactory,
    StudentProfileFactory,
    TrainingBaseFactory,
    representative_of,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
P = Placement.Status


def morning(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=SHANGHAI)


def placement(base, start, end, status=P.COMPLETED, **extra):
    return PlacementFactory(
        application__position__base=base,
        application__position__center=base.center,
        application__center=base.center,
        start_date=start,
        end_date=end,
        status=status,
        **extra,
    )


@pytest.fixture
def town(center, other_center, member_factory, unscoped):
    """Alpha (city 杭州): base A with three ended placements in 2025 (two completed, one
    ended early) and one running, base B with one completed in 2026; beta has its own."""
    center.city = "杭州"
    center.save(update_fields=["city"])
    ent_a = EnterpriseFactory(name_en="Alpha Tech", name_zh="阿尔法科技")
    ent_b = EnterpriseFactory(name_en="Beta Works", name_zh="贝塔工坊")
    base_a = TrainingBaseFactory(center=center, enterprise=ent_a)
    base_b = TrainingBaseFactory(center=center, enterprise=ent_b)
    a1 = placement(base_a, date(2025, 7, 1), date(2025, 10, 1))
    a2 = placement(base_a, date(2025, 9, 1), date(2025, 12, 1))
    a3 = placement(
        base_a,
        date(2025, 8, 1),
        date(2025, 11, 1),
        status=P.TERMINATED,
        terminated_on=date(2025, 9, 15),
        termination_reason="Moved away",
    )
    a4 = placement(base_a, date(2026, 2, 1), date(2026, 5, 1), status=P.ONGOING)
    b1 = placement(base_b, date(2025, 11, 1), date(2026, 2, 1))
    other_base = TrainingBaseFactory(center=other_center)
    elsewhere = placement(other_base, date(2025, 7, 1), date(2025, 10, 1))
    return SimpleNamespace(
        center=center,
        other_center=other_center,
        base_a=base_a,
        base_b=base_b,
        rep_a=representative_of(ent_a, center),
        rep_b=representative_of(ent_b, center),
        a1=a1,
        a2=a2,
        a3=a3,
        a4=a4,
        b1=b1,
        elsewhere=elsewhere,
        bureau=member_factory(center, Role.BUREAU),
    )


def record(world, actor, placement, offered_on):
    with center_scope(world.center):
        return services.employment_offer_record(
            center=world.center, actor=actor, placement=placement, offered_on=offered_on
        )


def stored(center, name) -> dict:
    with center_scope(center):
        recompute_center(center=center)
    rows = FigureValue.objects.filter(center=center, figure=name)
    return {(v.year, v.month, v.dimension): v.value for v in rows}


# --- Offers of employment ------------------------------------------------------------------


def test_the_enterprise_records_an_offer_and_the_student_hears_of_it(town):
    offer = record(town, town.rep_a, town.a1, date(2025, 10, 10))
    assert offer.source == EmploymentOffer.Source.ENTERPRISE
    student = town.a1.student.user
    note = Notification.objects.get(user=student, kind=NotificationKind.EMPLOYMENT_OFFER)
    assert "Alpha Tech" in note.translations["en"][0]
    entry = AuditEntry.objects.get(verb="placement.employment_offer_recorded")
    assert entry.actor == town.rep_a and entry.after["offered_on"] == "2025-10-10"


def test_the_student_reports_an_offer_once_whoever_records_it(town):
    student = town.b1.student.user
    offer = record(town, student, town.b1, date(2026, 2, 15))
    assert offer.source == EmploymentOffer.Source.STUDENT
    assert Notification.objects.filter(
        user=town.rep_b, kind=NotificationKind.EMPLOYMENT_OFFER
    ).exists()
    with pytest.raises(ValidationError, match="already recorded"):
        record(town, town.rep_b, town.b1, date(2026, 2, 16))
    assert EmploymentOffer.objects.filter(placement=town.b1).count() == 1


def test_an_offer_waits_for_the_placement_to_end_and_for_its_own_people(town):
    with pytest.raises(ValidationError, match="once the placement has ended"):
        record(town, town.rep_a, town.a4, date(2026, 3, 1))
    with pytest.raises(PermissionDenied):
        record(town, town.rep_b, town.a1, date(2025, 10, 10))
    with pytest.raises(ValidationError) as refused:
        record(town, town.rep_a, town.a1, date(2026, 4, 30))
    assert "offered_on" in refused.value.error_dict
    assert not EmploymentOffer.objects.exists()


# --- The figures ---------------------------------------------------------------------------


def test_placements_ended_count_completed_and_ended_early_per_month_and_center(town):
    assert stored(town.center, "outcomes.placements_ended") == {
        (2025, 10, P.COMPLETED): Decimal(1),
        (2025, 12, P.COMPLETED): Decimal(1),
        (2025, 11, P.TERMINATED): Decimal(1),
        (2026, 2, P.COMPLETED): Decimal(1),
    }
    assert stored(town.other_center, "outcomes.placements_ended") == {
        (2025, 10, P.COMPLETED): Decimal(1)
    }


def test_interns_retained_count_offers_in_the_month_of_the_offer(town):
    record(town, town.rep_a, town.a1, date(2025, 10, 10))
    record(town, town.b1.student.user, town.b1, date(2026, 2, 15))
    assert stored(town.center, "outcomes.interns_retained") == {
        (2025, 10, ""): Decimal(1),
        (2026, 2, ""): Decimal(1),
    }
    assert stored(town.other_center, "outcomes.interns_retained") == {}


def test_a_bases_page_reads_its_own_completion_and_retention_by_year(town):
    record(town, town.rep_a, town.a1, date(2025, 10, 10))
    with center_scope(town.center):
        assert base_years(figure_named("outcomes.interns_retained"), base=town.base_b) == {}
        section = base_outcomes(center=town.center, base=town.base_a)
    years = {y.year: y for y in section["years"]}
    assert (years[2025].completed, years[2025].ended_early, years[2025].retained) == (2, 1, 1)
    assert years[2025].completion_rate == Decimal(67)
    assert years[2025].retention_rate == Decimal(33)
    assert years[2026].completion_rate is None
    assert section["criteria"]["interns_last_year"] == 4


def test_graduates_staying_in_the_city_count_the_answers_by_graduation_month(town):
    profiles = [StudentProfileFactory(center=town.center, graduation_year=2025) for _ in range(3)]
    with center_scope(town.center):
        services.destination_surveys_send(center=town.center)
    answers = [("employed", "杭州", True), ("study", "上海", False)]
    for profile, (destination, city, here) in zip(profiles, answers, strict=False):
        with center_scope(town.center):
            services.destination_survey_answer(
                center=town.center,
                actor=profile.user,
                survey=DestinationSurvey.objects.get(student=profile),
                destination=destination,
                city=city,
                in_center_city=here,
            )
    assert stored(town.center, "outcomes.graduates_answered") == {
        (2025, 7, "employed"): Decimal(1),
        (2025, 7, "study"): Decimal(1),
    }
    assert stored(town.center, "outcomes.graduates_in_city") == {(2025, 7, "employed"): Decimal(1)}


def test_outcome_figures_are_defined_in_both_languages_and_cut_by_base_where_natural():
    for name in ("outcomes.placements_ended", "outcomes.interns_retained"):
        assert "base" in figure_named(name).dimensions
    for name in ("outcomes.graduates_answered", "outcomes.graduates_in_city"):
        figure = figure_named(name, public_only=True)
        assert figure is not None and "base" not in figure.dimensions
        assert str(figure.definition) and str(figure.label)


# --- The destination survey ----------------------------------------------------------------


def test_the_survey_goes_once_after_the_graduation_day_in_the_students_language(town):
    graduate = StudentProfileFactory(center=town.center, graduation_year=2025)
    coming = StudentProfileFactory(center=town.center, graduation_year=2026)
    long_ago = StudentProfileFactory(center=town.center, graduation_year=2024)
    coming.user.language = "zh-hans"
    coming.user.save(update_fields=["language"])

    destination_surveys_task.delay()
    destination_surveys_task.delay()  # a second run sends nothing more
    assert list(DestinationSurvey.objects.values_list("student", flat=True)) == [graduate.pk]
    notes = Notification.objects.filter(kind=NotificationKind.DESTINATION_SURVEY)
    assert list(notes.values_list("user", flat=True)) == [graduate.user_id]

    with time_machine.travel(morning(date(2026, 6, 30)), tick=False):
        destination_surveys_task.delay()
    assert not DestinationSurvey.objects.filter(student=coming).exists()

    with time_machine.travel(morning(date(2026, 7, 1)), tick=False):
        destination_surveys_task.delay()
        destination_surveys_task.delay()
    survey = DestinationSurvey.objects.get(student=coming)
    assert survey.graduated_on == date(2026, 7, 1)
    assert notes.filter(user=coming.user).count() == 1
    email = notes.get(user=coming.user).email
    assert email is not None and "毕业" in email.subject
    assert not DestinationSurvey.objects.filter(student=long_ago).exists()
    assert AuditEntry.objects.filter(verb="destination_survey.sent").count() == 2


def test_the_graduate_answers_changes_and_may_leave_answers_blank(town):
    profile = StudentProfileFactory(center=town.center, graduation_year=2025)
    other = StudentProfileFactory(center=town.center, graduation_year=2025)
    with center_scope(town.center):
        services.destination_surveys_send(center=town.center)
        survey = DestinationSurvey.objects.get(student=profile)
        services.destination_survey_answer(
            center=town.center,
            actor=profile.user,
            survey=survey,
            destination="",
            city="",
            in_center_city=None,
        )
        services.destination_survey_answer(
            center=town.center,
            actor=profile.user,
            survey=survey,
            destination="employed",
            city=" 杭州 ",
            in_center_city=True,
        )
        with pytest.raises(PermissionDenied):
            services.destination_survey_answer(
                center=town.center,
                actor=other.user,
                survey=survey,
                destination="other",
                city="",
                in_center_city=None,
            )
    survey.refresh_from_db()
    assert (survey.destination, survey.city, survey.in_center_city) == ("employed", "杭州", True)
    verbs = list(
        AuditEntry.objects.filter(
            verb__in=["destination_survey.answered", "destination_survey.changed"]
        ).values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["destination_survey.answered", "destination_survey.changed"]


def test_a_persons_data_copy_holds_their_survey_and_erasure_drops_the_city(town):
    profile = StudentProfileFactory(center=town.center, graduation_year=2025)
    with center_scope(town.center):
        services.destination_surveys_send(center=town.center)
        survey = DestinationSurvey.objects.get(student=profile)
        services.destination_survey_answer(
            center=town.center,
            actor=profile.user,
            survey=survey,
            destination="employed",
            city="宁波",
            in_center_city=False,
        )
    found = {section.key: section for section in sections()}
    copy = found["destination_surveys"].export(profile.user)
    assert copy[0]["city"] == "宁波" and copy[0]["destination"] == "employed"
    found["destination_surveys"].erase(profile.user)
    survey.refresh_from_db()
    assert survey.city == "" and survey.destination == "employed"
