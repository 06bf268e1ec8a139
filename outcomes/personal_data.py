"""A graduate's destination survey and the offers of employment after their placements, in
their copy and erasure. The program keeps the counts; the city typed by the person goes."""

from mentorship.personal_data import register_personal_data
from outcomes.models import DestinationSurvey, EmploymentOffer


def _iso(value):
    return value.isoformat() if value is not None else None


def _surveys(user):
    return [
        {
            "center": s.center.name_zh,
            "graduated_on": _iso(s.graduated_on),
            "sent": _iso(s.sent_at),
            "destination": s.destination,
            "city": s.city,
            "in_center_city": s.in_center_city,
            "answered": _iso(s.answered_at),
        }
        for s in DestinationSurvey.objects.filter(student__user=user).select_related("center")
    ]


def _erase_surveys(user):
    DestinationSurvey.objects.filter(student__user=user).update(city="")


def _offers(user):
    return [
        {
            "center": o.center.name_zh,
            "enterprise": o.placement.base.enterprise.name_zh,
            "position": o.placement.position.title,
            "offered_on": _iso(o.offered_on),
            "source": o.source,
        }
        for o in EmploymentOffer.objects.filter(placement__student__user=user).select_related(
            "center", "placement__base__enterprise", "placement__position"
        )
    ]


register_personal_data("destination_surveys", order=45, export=_surveys, erase=_erase_surveys)
register_personal_data("employment_offers", order=46, export=_offers)
