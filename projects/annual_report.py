"""The projects' section of the annual report: the projects taken into incubation that year."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.annual_report import register_section
from projects.models import Category, Project


@register_section(
    "projects.incubated",
    title=_("Projects incubated"),
    kind_labels=Category.choices,
    order=20,
    limit=30,
)
def incubated_projects(year):
    """The center's projects whose incubation started in the year, earliest first."""
    projects = Project.objects.filter(incubated_at__year=year).order_by("incubated_at", "pk")[:30]
    return [
        {
            "title": project.title,
            "kind": project.category,
            "on": timezone.localdate(project.incubated_at).isoformat(),
            "value": None,
        }
        for project in projects
    ]
