from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = _("Mentorship Program")

    def ready(self):
        from allauth.mfa.signals import authenticator_removed
        from django.utils.module_loading import autodiscover_modules

        from mentorship.middleware import forget_mfa_check

        authenticator_removed.connect(forget_mfa_check, dispatch_uid="forget-mfa-check")

        # Audit verbs and report kinds register themselves when their modules are imported.
        import mentorship.audit_verbs
        import mentorship.report_kinds  # noqa: F401

        # Each app fills the core's registries from its own modules: report kinds, the
        # page a role lands on after signing in, who each notification kind can reach, the
        # cards on the center's home and the console, each app's part of a person's data
        # of the demo, the program's figures and the parts of each mentor's record.
        autodiscover_modules(
            "reports",
            "landing",
            "notifications",
            "panels",
            "personal_data",
            "demo",
            "figures",
            "service_record",
        )
