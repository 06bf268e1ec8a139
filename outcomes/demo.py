"""The outcomes' demo: offers of employment after some of Hangzhou's completed placements,
one recorded by the enterprise and one reported by the student; the destination survey sent
to Hangzhou's latest graduates on their graduation day, and most of them answering it."""

from datetime import timedelta

from django.utils import timezone

from bases.selectors import representatives
from mentorship.demo import at, moment, register_demo
from mentorship.models import ServiceCenter
from outcomes import services
from outcomes.models import DestinationSurvey, EmploymentOffer
from students.demo_scale import last_class
from students.models import Placement

# (enterprise name_en prefix, who records, days after the placement's last day)
OFFERS = [("Alibaba", "enterprise", 10), ("Hangzhou Hik", "student", 20)]


def seed_outcomes(stdout=None, today=None) -> None:
    """Record the demo's offers that are not recorded yet (call inside system_scope())."""
    today = today or timezone.localdate()
    center = ServiceCenter.objects.filter(slug="hangzhou").first()
    if center is None:
        return
    recorded = 0
    for prefix, who, days in OFFERS:
        placement = (
            Placement.objects.filter(
                center=center,
                status=Placement.Status.COMPLETED,
                base__enterprise__name_en__startswith=prefix,
            )
            .select_related("student__user", "base__enterprise")
            .order_by("end_date", "pk")
            .first()
        )
        if placement is None or EmploymentOffer.objects.filter(placement=placement).exists():
            continue
        offered_on = min(placement.last_day + timedelta(days=days), today)
        if who == "student":
            actor = placement.student.user
        else:
            actor = representatives(center=center, enterprise_id=placement.base.enterprise_id)[0]
        with at(moment(offered_on, 16)):
            services.employment_offer_record(
                center=center, actor=actor, placement=placement, offered_on=offered_on
            )
        recorded += 1
    if stdout is not None:
        stdout.write(f"Demo outcomes ready: {recorded} offers of employment recorded.")


register_demo(seed_outcomes, order=35)

D = DestinationSurvey.Destination
# Hangzhou's graduates (`students.demo`) who answer, in order: what they do now, the city,
# whether it is Hangzhou, days after their graduation day; the others leave it unanswered.
ANSWERS = [
    (D.EMPLOYED, "杭州", True, 3),
    (D.EMPLOYED, "杭州", True, 12),
    (D.STUDY, "上海", False, 20),
    (D.EMPLOYED, "宁波", False, 31),
    (D.OTHER, "杭州", True, 45),
]


def seed_surveys(stdout=None, today=None) -> None:
    """The survey goes out on the latest class's graduation day, as the daily task sends
    it; the graduates who answer do so in the weeks after (call inside system_scope())."""
    today = today or timezone.localdate()
    center = ServiceCenter.objects.filter(slug="hangzhou").first()
    if center is None:
        return
    graduated_on = services.graduation_day(last_class(today))
    with at(moment(graduated_on, 8)):
        services.destination_surveys_send(center=center, today=graduated_on)
    surveys = list(
        DestinationSurvey.objects.filter(
            center=center,
            graduated_on=graduated_on,
            student__user__email__startswith="graduate",
        )
        .select_related("student__user")
        .order_by("student__user__email")
    )
    answered = 0
    for survey, (destination, city, in_city, days) in zip(surveys, ANSWERS, strict=False):
        if survey.answered_at is not None:
            continue
        day = min(graduated_on + timedelta(days=days), today)
        with at(moment(day, 20)):
            services.destination_survey_answer(
                center=center,
                actor=survey.student.user,
                survey=survey,
                destination=destination,
                city=city,
                in_center_city=in_city,
            )
        answered += 1
    if stdout is not None:
        stdout.write(
            f"Destination survey: sent to {len(surveys)} graduates, {answered} answered now."
        )


register_demo(seed_surveys, order=36)
