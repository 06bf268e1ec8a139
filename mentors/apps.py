"""Mentors and friends: profiles, pairings with students, mentoring sessions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorsConfig(AppConfig):
    name = "mentors"
    verbose_name = _("Mentors")

    def ready(self):
        # The audit trail reads this app's verbs from the core's registry.
        from mentors import audit_verbs  # noqa: F401
