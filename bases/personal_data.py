"""An enterprise representative's erasure: they no longer speak for the enterprise.

The enterprise itself is a company's record, not the person's: it stays.
"""

from bases.models import Enterprise
from mentorship.personal_data import register_personal_data


def _leave_enterprises(user):
    for enterprise in Enterprise.objects.filter(representatives=user):
        enterprise.representatives.remove(user)


register_personal_data("enterprises", order=50, erase=_leave_enterprises)
