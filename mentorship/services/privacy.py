"""A person's rights over their data (China's PIPL): a copy of it, and erasure.

Erasure keeps the records the program must keep — applications, placements and the subsidy
claims paid for them, the audit trail — but takes the person out of them: their account is
anonymized and closed, and the free text and files they or others wrote about them are
removed.
"""

import io
import json
import zipfile

from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit
from mentorship.models import (
    EmailPreference,
    Invitation,
    Membership,
    Notification,
    OutgoingEmail,
    User,
)
from mentorship.personal_data import sections
from mentorship.scoping import own_rows_across_centers
from mentorship.visitor import forget_visitors


def _iso(value):
    return value.isoformat() if value is not None else None


def personal_data(user) -> dict:
    """Everything the portal holds about `user`, across all centers, as plain data."""
    with own_rows_across_centers():
        memberships = list(Membership.objects.filter(user=user).select_related("center"))
        parts = {section.key: section.export(user) for section in sections() if section.export}
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "memberships": [
            {
                "center": m.center.name_zh,
                "role": m.role,
                "active": m.is_active,
                "joined": _iso(m.created_at),
            }
            for m in memberships
        ],
        **parts,
        "notifications": [
            {"title": n.title, "body": n.body, "sent": _iso(n.created_at)}
            for n in Notification.objects.filter(user=user).order_by("pk")
        ],
        "email_choices": {
            pref.kind: pref.send_email for pref in EmailPreference.objects.filter(user=user)
        },
        "exported": _iso(timezone.now()),
    }


def personal_data_archive(user) -> bytes:
    """A ZIP of `data.json` and the person's files (résumés…); the export is audited."""
    data = personal_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        with own_rows_across_centers():
            files = [pair for s in sections() if s.files for pair in s.files(user)]
        for name, stored in files:
            with stored.open("rb") as content:
                archive.writestr(name, content.read())
    audit(center=None, actor=user, verb="account.data_exported", target=user)
    return buffer.getvalue()


@transaction.atomic
def account_erase(*, user, password: str) -> User:
    """Anonymize and close the account, keeping what the program's records need."""
    if not user.has_usable_password() or not check_password(password, user.password):
        raise ValidationError({"password": _("The password is not right.")})
    old_email = user.email
    with own_rows_across_centers():
        for section in sections():
            if section.erase:
                section.erase(user)
        Membership.objects.filter(user=user).update(is_active=False)
        Invitation.objects.filter(email__iexact=old_email).update(
            email=f"erased-{user.pk}@erased.invalid"
        )
    Notification.objects.filter(user=user).delete()
    forget_visitors([user.pk])
    EmailPreference.objects.filter(user=user).delete()
    OutgoingEmail.objects.filter(to__iexact=old_email).delete()
    user.emailaddress_set.all().delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.name = str(_("Erased account"))
    user.language = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    Authenticator.objects.filter(user=user).delete()
    audit(center=None, actor=user, verb="account.erased", target=user)
    return user
