"""The projects app's cards on the center's home and the coordinator's console."""

from mentorship.panels import CENTER_HOME, CONSOLE, HOME_PANEL_SECONDS, register_panel
from projects.models import Entry, Project, ProjectCall


@register_panel(
    CENTER_HOME,
    template="projects/panels/home_projects.html",
    order=17,
    cache_seconds=HOME_PANEL_SECONDS,
)
def home_projects(*, center) -> dict:
    return {
        "open_calls": ProjectCall.objects.filter(
            center=center, status=ProjectCall.Status.PUBLISHED
        ).count()
    }


@register_panel(
    CONSOLE, template="projects/panels/console_projects.html", order=45, cache_seconds=60
)
def console_projects(*, center) -> dict:
    return {
        "to_decide": Entry.objects.filter(center=center, decision=Entry.Decision.PENDING)
        .exclude(project__status=Project.Status.WITHDRAWN)
        .count(),
    }
