"""The audit verbs of enterprises, training bases and positions, in words."""

from django.utils.translation import gettext_lazy as _

from bases.models import Enterprise, Position, TrainingBase
from mentorship.audit_registry import HIDDEN, AuditField, register_audit_verbs
from mentorship.money import format_cny

MONEY = AuditField(show=format_cny)
REPLACED = AuditField(_("Business licence"), show=lambda value: _("replaced"))


register_audit_verbs(
    group=_("Enterprises"),
    model=Enterprise,
    verbs={
        "enterprise.registered": (
            _("Enterprise registered"),
            _("%(actor)s registered the enterprise %(target)s"),
        ),
        "enterprise.updated": (
            _("Enterprise changed"),
            _("%(actor)s changed the details of %(target)s"),
        ),
        "enterprise.representative_added": (
            _("Representative added"),
            _("%(actor)s added a representative to %(target)s"),
        ),
        "enterprise.representative_removed": (
            _("Representative removed"),
            _("%(actor)s removed a representative from %(target)s"),
        ),
    },
    fields={"user": HIDDEN, "email": _("Email address"), "business_licence": REPLACED},
)

register_audit_verbs(
    group=_("Training bases"),
    model=TrainingBase,
    verbs={
        "base.created": (
            _("Base application started"),
            _("%(actor)s started the base application %(target)s"),
        ),
        "base.updated": (
            _("Base application changed"),
            _("%(actor)s changed the base application %(target)s"),
        ),
        "base.submitted": (
            _("Base application submitted"),
            _("%(actor)s submitted the base application %(target)s"),
        ),
        "base.review_started": (
            _("Base review started"),
            _("%(actor)s started reviewing %(target)s"),
        ),
        "base.recognized": (_("Base recognized"), _("%(actor)s recognized %(target)s")),
        "base.returned": (
            _("Base application returned"),
            _("%(actor)s returned the base application %(target)s for changes"),
        ),
        "base.rejected": (
            _("Base application rejected"),
            _("%(actor)s rejected the base application %(target)s"),
        ),
        "base.expiry_reminded": (
            _("Base reminded of the end of its recognition"),
            _("%(actor)s reminded %(target)s that its recognition ends soon"),
        ),
        "base.expired": (
            _("Base recognition ended"),
            _("%(actor)s ended the recognition of %(target)s at the end of its validity"),
        ),
        "base.review_keep": (
            _("Base kept in the annual review"),
            _("%(actor)s kept %(target)s in the annual review"),
        ),
        "base.review_warn": (
            _("Base warned in the annual review"),
            _("%(actor)s warned %(target)s in the annual review"),
        ),
        "base.review_revoke": (
            _("Base recognition revoked"),
            _("%(actor)s revoked the recognition of %(target)s in the annual review"),
        ),
    },
    fields={
        "resubmission": _("Resubmission"),
        "comment": _("Comment"),
        "days": _("Days before the end"),
        "year": _("Review year"),
        "reason": _("Reason"),
        "interns_last_year": _("Interns in the last year"),
        "average_rating": _("Average rating by interns"),
        "ratings": _("Ratings by interns"),
    },
)

register_audit_verbs(
    group=_("Positions"),
    model=Position,
    verbs={
        "position.created": (_("Position created"), _("%(actor)s created the position %(target)s")),
        "position.updated": (_("Position changed"), _("%(actor)s changed the position %(target)s")),
        "position.published": (
            _("Position published"),
            _("%(actor)s published the position %(target)s"),
        ),
        "position.closed": (_("Position closed"), _("%(actor)s closed the position %(target)s")),
    },
    fields={"stipend": MONEY},
)
