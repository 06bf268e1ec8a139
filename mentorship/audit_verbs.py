"""The audit verbs the program core writes, in words (apps register theirs likewise)."""

from django.utils.translation import gettext_lazy as _

from mentorship.audit_registry import HIDDEN, AuditField, register_audit_verbs
from mentorship.models import (
    CalendarFeed,
    CenterApplication,
    Invitation,
    Membership,
    NotificationKind,
    Report,
    ServiceCenter,
    University,
    User,
)
from mentorship.reports import REPORT_KINDS


def _report_title(kind) -> str:
    report_kind = REPORT_KINDS.get(kind)
    return str(report_kind.title) if report_kind else str(kind)


register_audit_verbs(
    group=_("Program"),
    verbs={
        "program.cross_center_read": (
            _("Read across centers"),
            _("%(actor)s read across service centers"),
        ),
        "center.shared_read": (
            _("Read what another center shares"),
            _("%(actor)s read what another service center shares with this one"),
        ),
    },
    fields={"reason": _("Purpose")},
)

register_audit_verbs(
    group=_("Accounts"),
    model=User,
    verbs={
        "account.data_exported": (
            _("Personal data downloaded"),
            _("%(actor)s downloaded a copy of their personal data"),
        ),
        "account.erased": (_("Account erased"), _("%(actor)s closed and erased their account")),
        "account.language_changed": (
            _("Language changed"),
            _("%(actor)s changed the language of their account"),
        ),
        "account.email_choices_changed": (
            _("Email choices changed"),
            _("%(actor)s changed which notifications they receive by email"),
        ),
    },
    # The email choices are recorded per kind of notification.
    fields=dict(NotificationKind.choices),
)

register_audit_verbs(
    group=_("Members"),
    model=Membership,
    verbs={
        "membership.joined": (
            _("Member joined"),
            _("%(actor)s added the membership %(target)s"),
        ),
        "membership.removed": (
            _("Member removed"),
            _("%(actor)s ended the membership %(target)s"),
        ),
    },
    fields={"invitation": HIDDEN, "active": _("Active")},
)

register_audit_verbs(
    group=_("Invitations"),
    model=Invitation,
    verbs={
        "invitation.created": (
            _("Invitation sent"),
            _("%(actor)s sent the invitation %(target)s"),
        ),
        "invitation.revoked": (
            _("Invitation withdrawn"),
            _("%(actor)s withdrew the invitation %(target)s"),
        ),
        "invitation.accepted": (
            _("Invitation accepted"),
            _("%(actor)s accepted the invitation %(target)s"),
        ),
    },
)

register_audit_verbs(
    group=_("Service centers"),
    model=ServiceCenter,
    verbs={
        "center.licensed": (_("Center licensed"), _("%(actor)s licensed %(target)s")),
        "center.active": (_("Center activated"), _("%(actor)s made %(target)s active")),
        "center.suspended": (_("Center suspended"), _("%(actor)s suspended %(target)s")),
        "center.settings_changed": (
            _("Center settings changed"),
            _("%(actor)s changed the settings of %(target)s"),
        ),
    },
    fields={
        "reason": _("Reason"),
        "application": HIDDEN,
        "logo": AuditField(_("Logo"), show=lambda value: _("replaced")),
    },
)

register_audit_verbs(
    group=_("Center applications"),
    model=CenterApplication,
    verbs={
        "center_application.submitted": (
            _("Center application submitted"),
            _("%(actor)s applied to run a service center at %(target)s"),
        ),
        "center_application.rejected": (
            _("Center application rejected"),
            _("%(actor)s rejected the center application of %(target)s"),
        ),
    },
    fields={"comment": _("Comment")},
)

register_audit_verbs(
    group=_("Universities"),
    model=University,
    verbs={
        "university.saved": (_("University saved"), _("%(actor)s saved the university %(target)s"))
    },
)

register_audit_verbs(
    group=_("Reports"),
    model=Report,
    verbs={
        "report.requested": (_("Report requested"), _("%(actor)s requested a report")),
    },
    fields={"kind": AuditField(_("Report"), show=_report_title), "params": _("Filters")},
)

register_audit_verbs(
    group=_("Calendar addresses"),
    model=CalendarFeed,
    verbs={
        "calendar_feed.created": (
            _("Calendar address made"),
            _("%(actor)s made a personal calendar address"),
        ),
        "calendar_feed.renewed": (
            _("Calendar address replaced"),
            _("%(actor)s replaced their personal calendar address"),
        ),
        "calendar_feed.revoked": (
            _("Calendar address revoked"),
            _("%(actor)s revoked their personal calendar address"),
        ),
    },
)
