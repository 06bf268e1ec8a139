"""The students app's cards on the center's home and the coordinator's console."""

from bases.models import Position
from mentorship.panels import CENTER_HOME, CONSOLE, HOME_PANEL_SECONDS, register_panel
from students.models import Application, Placement, StudentProfile


@register_panel(
    CENTER_HOME,
    template="students/panels/home_positions.html",
    order=10,
    cache_seconds=HOME_PANEL_SECONDS,
)
def home_positions(*, center) -> dict:
    return {"open": Position.objects.filter(center=center, status=Position.Status.OPEN).count()}


@register_panel(
    CONSOLE, template="students/panels/console_students.html", order=30, cache_seconds=60
)
def console_students(*, center) -> dict:
    return {
        "applications": Application.objects.filter(center=center).count(),
        "placements_ongoing": Placement.objects.filter(
            center=center, status=Placement.Status.ONGOING
        ).count(),
        "unverified": StudentProfile.objects.filter(
            center=center, verified_at__isnull=True
        ).count(),
    }
