"""Pieces the students services share: who may act, date arithmetic.

Who speaks for an enterprise is the bases app's to say (`bases.services.ensure_representative`,
`bases.selectors.representatives`).
"""

import calendar
from datetime import date

from django.urls import reverse

from mentorship.models import Role
from mentorship.services import ensure_center_can_act, ensure_role


def center_url(center, name: str, **kwargs) -> str:
    return reverse(f"center:students:{name}", kwargs={"center_slug": center.slug, **kwargs})


def ensure_student(actor, center) -> None:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.STUDENT)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_month(day: date) -> date:
    return day.replace(day=1)
