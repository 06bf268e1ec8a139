"""The projects' figures of the program: projects cultivated and projects incubated."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from mentorship.figures import COUNT, register_figure
from projects.models import Category, Project

SOURCE = _("“What's Your Idea” calls for projects run by each service center")


@register_figure(
    "projects.projects_cultivated",
    label=_("Entrepreneurial projects cultivated"),
    definition=_(
        "Student entrepreneurial projects submitted to a “What's Your Idea” call, counted in"
        " the month they were first submitted, by category, whatever their result since."
    ),
    unit=COUNT,
    date_field="submitted_at",
    value=Count("pk"),
    source=SOURCE,
    order=70,
    kind_field="category",
    kind_labels=Category.choices,
)
def projects_cultivated():
    return Project.objects.filter(submitted_at__isnull=False)


@register_figure(
    "projects.projects_incubated",
    label=_("Projects incubated"),
    definition=_(
        "Selected projects taken into incubation, counted in the month incubation started,"
        " by category, whether still incubating, launched or stopped since."
    ),
    unit=COUNT,
    date_field="incubated_at",
    value=Count("pk"),
    source=SOURCE,
    order=71,
    kind_field="category",
    kind_labels=Category.choices,
)
def projects_incubated():
    return Project.objects.filter(incubated_at__isnull=False)
