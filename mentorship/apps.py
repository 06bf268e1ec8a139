from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = _("Mentorship Program")

    def ready(self):
        from allauth.mfa.signals import authenticator_removed
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate
        from django.utils.module_loading import autodiscover_modules

        from mentorship import rls
        from mentorship.middleware import forget_mfa_check

        authenticator_removed.connect(forget_mfa_check, dispatch_uid="forget-mfa-check")

        # Row-level security: the scope's settings on every new connection, the policies
        # (and the app role's grants) after every migrate, run itself in the system scope.
        connection_created.connect(rls.on_connection_created, dispatch_uid="rls-connection")
        pre_migrate.connect(rls.before_migrate, sender=self, dispatch_uid="rls-pre-migrate")
        post_migrate.connect(rls.after_migrate, sender=self, dispatch_uid="rls-post-migrate")

        # Audit verbs and report kinds register themselves when their modules are imported.
        import mentorship.audit_verbs
        import mentorship.report_kinds  # noqa: F401

        # Each app fills the core's registries from its own modules: report kinds, the
        # page a role lands on after signing in, who each notification kind can reach, the
        # cards on the center's home and the console, each app's part of a person's data,
        # of the demo and of its program-scale year, the program's figures, the dated items
        # of a person's calendar, the parts of each mentor's record and the sections of the
        # annual report.
        autodiscover_modules(
            "reports",
            "landing",
            "notifications",
            "panels",
            "personal_data",
            "demo",
            "demo_scale",
            "figures",
            "calendar",
            "service_record",
            "annual_report",
        )
