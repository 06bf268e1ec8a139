"""A person's own settings: the language of their pages and emails, their email choices,
and which of their notifications they have read."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit
from mentorship.models import EmailPreference, NotificationKind, User
from mentorship.visitor import forget_visitors


@transaction.atomic
def account_set_language(*, user, language: str) -> User:
    """Remember the language the person chose, for their pages after signing in and their
    emails. Choosing the language already stored changes nothing and records nothing."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the portal's languages."))
    if user.language == language:
        return user
    before = {"language": user.language}
    user.language = language
    user.save(update_fields=["language"])
    audit(
        center=None,
        actor=user,
        verb="account.language_changed",
        target=user,
        before=before,
        after={"language": language},
    )
    return user


@transaction.atomic
def email_preferences_save(*, user, choices: dict) -> None:
    """Store, for each kind of notification in `choices`, whether the person wants it by
    email too. The audit entry names only the kinds whose choice changed."""
    unknown = set(choices) - set(NotificationKind.values)
    if unknown:
        raise ValueError(f"not kinds of notification: {sorted(unknown)}")
    stored = dict(EmailPreference.objects.filter(user=user).values_list("kind", "send_email"))
    for kind, wanted in choices.items():
        EmailPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"send_email": bool(wanted)}
        )
    # No stored choice means email is sent (EmailPreference.send_email's default).
    changed = sorted(
        kind for kind, wanted in choices.items() if stored.get(kind, True) != bool(wanted)
    )
    if changed:
        audit(
            center=None,
            actor=user,
            verb="account.email_choices_changed",
            target=user,
            before={kind: stored.get(kind, True) for kind in changed},
            after={kind: bool(choices[kind]) for kind in changed},
        )


def notifications_mark_read(*, user, notification=None) -> int:
    """Mark one of the person's notifications read, or all of them when none is named.

    Reading one's own notifications changes no one else's work, so it writes no audit entry.
    Returns how many were unread.
    """
    unread = user.notifications.filter(read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    forget_visitors([user.pk])
    return unread.update(read_at=timezone.now())
