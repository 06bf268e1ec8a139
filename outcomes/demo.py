"""The outcomes' demo: offers of employment after some of Hangzhou's completed placements,
one recorded by the enterprise and one reported by the student."""

from datetime import timedelta

from django.utils import timezone

from bases.selectors import representatives
from mentorship.demo import at, moment, register_demo
from mentorship.models import ServiceCenter
from outcomes import services
from outcomes.models import EmploymentOffer
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
