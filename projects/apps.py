""" "What's Your Idea": calls for student entrepreneurial projects, teams, judging, results."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Entrepreneurial projects")

    def ready(self):
        # The audit trail reads this app's verbs from the core's registry.
        from projects import audit_verbs  # noqa: F401
