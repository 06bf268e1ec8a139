"""The applicants of a position, counted beside it on the bases' pages."""

from django.db.models import Count, Q

from bases.position_counts import register_position_count
from students.models import Application


@register_position_count("applicant_count")
def applicant_count():
    # A student who withdrew is no longer an applicant.
    active = [s for s in Application.Status.values if s != Application.Status.WITHDRAWN]
    return Count("applications", filter=Q(applications__status__in=active))


@register_position_count("new_applicant_count")
def new_applicant_count():
    return Count("applications", filter=Q(applications__status=Application.Status.SUBMITTED))
