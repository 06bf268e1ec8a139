"""The mentors app's cards on the center's home and the coordinator's console."""

from mentors.models import MentorApproval, Pairing
from mentorship.panels import CENTER_HOME, CONSOLE, HOME_PANEL_SECONDS, register_panel


@register_panel(
    CENTER_HOME,
    template="mentors/panels/home_mentors.html",
    order=15,
    cache_seconds=HOME_PANEL_SECONDS,
)
def home_mentors(*, center) -> dict:
    return {
        "approved": MentorApproval.objects.filter(
            center=center, status=MentorApproval.Status.APPROVED
        ).count()
    }


@register_panel(CONSOLE, template="mentors/panels/console_mentors.html", order=40, cache_seconds=60)
def console_mentors(*, center) -> dict:
    return {
        "to_approve": MentorApproval.objects.filter(
            center=center, status=MentorApproval.Status.PENDING
        ).count(),
        "active": Pairing.objects.filter(center=center, status=Pairing.Status.ACTIVE).count(),
    }
