"""Notifications: an in-app row for the user and, if they want it, one email sent by Celery.

Both are written inside the caller's transaction; the email task is enqueued only when that
transaction commits, so a rolled-back change never sends anything. The email row is the
outbox: a relay enqueues again whatever the broker did not take.
"""

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation

from mentorship.jobs import CenterTask, enqueue, enqueue_on_commit
from mentorship.mail import absolute_url, email_language, render_email
from mentorship.models import (
    CenterApplication,
    EmailPreference,
    Membership,
    Notification,
    NotificationKind,
    OutgoingEmail,
    Role,
)
from mentorship.scoping import own_rows_across_centers
from mentorship.visitor import forget_visitors

logger = logging.getLogger(__name__)


# Who each kind of notification can reach. The kinds are named in NotificationKind (the
# stored vocabulary); the app whose services send a kind says who receives it, here for the
# core's kinds and in <app>/notifications.py for the others. The email choices page offers
# each person only the kinds that can reach them.


@dataclass
class Audience:
    roles: set = field(default_factory=set)  # center roles, in any center
    program_staff: bool = False
    everyone: bool = False  # anyone with an account
    # People reached whatever their roles, e.g. whoever applied to open a center.
    extra: list = field(default_factory=list)  # of callables user -> bool

    def reaches(self, user, roles) -> bool:
        return (
            self.everyone
            or bool(self.roles & roles)
            or (self.program_staff and user.is_program_staff)
            or any(test(user) for test in self.extra)
        )


AUDIENCES: dict[str, Audience] = {}


def register_audience(
    kind: str, *, roles=(), program_staff=False, everyone=False, also: Callable | None = None
) -> None:
    """Declare that `kind` can reach people in `roles` (and program staff, everyone, or
    those `also` picks). Declaring a kind again adds to its audience: several apps may
    send it."""
    audience = AUDIENCES.setdefault(str(kind), Audience())
    audience.roles.update(str(role) for role in roles)
    audience.program_staff = audience.program_staff or program_staff
    audience.everyone = audience.everyone or everyone
    if also is not None:
        audience.extra.append(also)


def kinds_reaching(user) -> list:
    """The notification kinds that can reach `user`, in the order NotificationKind lists them.

    A kind nobody declared is offered to everyone: better an option too many than an
    email nobody can turn off (and a test fails until it is declared).
    """
    with own_rows_across_centers():
        roles = set(
            Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True)
        )
    return [
        kind
        for kind in NotificationKind
        if kind.value not in AUDIENCES or AUDIENCES[kind.value].reaches(user, roles)
    ]


def _applied_for_a_center(user) -> bool:
    return CenterApplication.objects.filter(applicant=user).exists()


# Anyone may join a center (and be added by a coordinator's import).
register_audience(NotificationKind.WELCOME, everyone=True)
register_audience(NotificationKind.MEMBERSHIP_CHANGED, roles=tuple(Role))
# Whoever invited: coordinators their staff, program staff a licensed center's first one.
register_audience(
    NotificationKind.INVITATION_ACCEPTED, roles=(Role.COORDINATOR,), program_staff=True
)
register_audience(
    NotificationKind.CENTER_STATUS, roles=(Role.COORDINATOR,), also=_applied_for_a_center
)
register_audience(
    NotificationKind.CENTER_APPLICATION, program_staff=True, also=_applied_for_a_center
)
register_audience(NotificationKind.PROFILE_VERIFIED, roles=(Role.STUDENT,))
# REPORT_READY: each report kind adds the roles that may request it (mentorship.reports).


class EmailDeliveryError(Exception):
    """Sending failed; the task retries later, the row stays pending."""


def wants_email(user, kind: str) -> bool:
    pref = EmailPreference.objects.filter(user=user, kind=kind).first()
    return pref is None or pref.send_email


def email_opt_outs(user_ids, kind: str) -> set:
    """Those of `user_ids` who turned off the emails of `kind` (`wants_email` for many)."""
    return set(
        EmailPreference.objects.filter(
            user__in=list(user_ids), kind=kind, send_email=False
        ).values_list("user_id", flat=True)
    )


def queue_email(
    *, to: str, subject: str, body: str, html: str = "", center=None, headers=None
) -> OutgoingEmail:
    """Store an email in the outbox and enqueue its sending once the current transaction
    commits. The row is what counts: if the broker is unreachable then, the relay enqueues
    it later. `headers`: the email's own extra headers (e.g. List-Unsubscribe)."""
    email = OutgoingEmail.objects.create(
        to=to, subject=subject[:200], body=body, html_body=html, headers=headers or {}
    )
    deliver_email_task.enqueue_on_commit(email.pk, center_id=center.pk if center else None)
    return email


def queue_emails(emails: list[OutgoingEmail], *, center=None) -> list[OutgoingEmail]:
    """What `queue_email` does for one email, for many written at once (unsaved rows, e.g.
    from `mail.PreparedEmail`): one statement writes them, and one task, enqueued when the
    transaction commits, sends them all. Each email is still claimed and sent once by
    `email_deliver`, and the relay enqueues again whatever that task leaves pending."""
    emails = OutgoingEmail.objects.bulk_create(emails, batch_size=1000)
    if emails:
        enqueue_on_commit(
            deliver_emails_task,
            kwargs={
                "email_ids": [email.pk for email in emails],
                "center_id": center.pk if center else None,
            },
        )
    return emails


def send_email(
    name: str, *, to: str, context: dict, language: str, center=None, headers=None
) -> OutgoingEmail:
    """Write the email templates/email/<name>/ to `to` in `language` into the outbox
    (see mentorship.mail); it goes once the current transaction commits."""
    rendered = render_email(name, context, language=language, center=center)
    return queue_email(
        to=to,
        subject=rendered.subject,
        body=rendered.body,
        html=rendered.html,
        center=center,
        headers=headers,
    )


def _render(text) -> str:
    return str(text() if callable(text) else text)


def notify(
    user,
    kind: str,
    *,
    title,
    body="",
    url="",
    center=None,
    email_name: str = "notification",
    email_context: dict | None = None,
    email_headers: dict | None = None,
) -> Notification:
    """Tell `user` something: always in the app, by email unless they opted out.

    `title` and `body` may be lazy translations or callables returning text (so that
    names that depend on the language render right); they are rendered in each of the
    portal's languages for the app, and in the recipient's language for the email.
    An email that shows more than the title and body (a list, its own links) is written
    with its own templates `email_name` and the extra `email_context`; `email_headers`
    are sent with it (a list's one-click unsubscribe).
    """
    translations = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translations[code] = [_render(title), _render(body)]
    language = email_language(user)
    title_text, body_text = translations.get(language) or [_render(title), _render(body)]
    email = None
    if wants_email(user, kind):
        email = send_email(
            email_name,
            to=user.email,
            language=language,
            center=center,
            headers=email_headers,
            context={
                "title": title_text,
                "body": body_text,
                "link": absolute_url(url) if url else "",
                "kind": NotificationKind(kind).label if kind in NotificationKind.values else "",
                **(email_context or {}),
            },
        )
    return Notification.objects.create(
        user=user,
        center=center,
        kind=kind,
        title=title_text[:200],
        body=body_text,
        translations=translations,
        url=url,
        email=email,
    )


@dataclass
class Note:
    """One notification of `notify_many`: its texts in every language of the portal
    (code -> [title, body]), in the recipient's one, and its email, if any (unsaved)."""

    user: object
    translations: dict
    title: str
    body: str
    url: str = ""
    email: OutgoingEmail | None = None


def notify_many(kind: str, notes: list[Note], *, center=None) -> list[Notification]:
    """What `notify` does, for many people told at once with texts and emails made by the
    caller (rendered once per language rather than once per person): the emails and the
    notifications are written in a few statements of the caller's transaction, the emails
    sent once it commits. Leave out the email of whoever `email_opt_outs` names."""
    queue_emails([note.email for note in notes if note.email is not None], center=center)
    made = Notification.objects.bulk_create(
        [
            Notification(
                user=note.user,
                center=center,
                kind=kind,
                title=note.title[:200],
                body=note.body,
                translations=note.translations,
                url=note.url,
                email=note.email,
            )
            for note in notes
        ],
        batch_size=1000,
    )
    # What Notification.save does for one: the unread count of their frame changed.
    forget_visitors(note.user.pk for note in notes)
    return made


# After this many claims an email is given up as failed.
EMAIL_MAX_ATTEMPTS = 8


def email_lease() -> timedelta:
    """How long a claim lasts (settings.EMAIL_LEASE_SECONDS): well beyond an SMTP send, short
    enough that an email whose worker was killed goes out again within two minutes (the relay
    picks up claims that ran out)."""
    return timedelta(seconds=settings.EMAIL_LEASE_SECONDS)


def email_backoff(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones, doubling up to 30 minutes
    (below the broker's visibility timeout, so a delayed retry is never delivered twice)."""
    base = settings.EMAIL_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 1800))


def _message_id(email: OutgoingEmail) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<outgoing-{email.pk}-{secrets.token_hex(8)}@{domain}>"


def email_claim(*, email_id: int) -> OutgoingEmail | None:
    """Take the email for one send, in a short transaction of its own: a pending email, or
    one whose last claim ran out. None when someone else holds it or it is done."""
    now = timezone.now()
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update(of=("self",)).filter(pk=email_id).first()
        if email is None:
            logger.warning("Outgoing email %s no longer exists", email_id)
            return None
        lease_ran_out = email.status == OutgoingEmail.Status.SENDING and (
            email.lease_until is None or email.lease_until <= now
        )
        if email.status != OutgoingEmail.Status.PENDING and not lease_ran_out:
            return None
        email.status = OutgoingEmail.Status.SENDING
        email.lease_until = now + email_lease()
        email.attempts += 1
        email.message_id = email.message_id or _message_id(email)
        email.save(update_fields=["status", "lease_until", "attempts", "message_id"])
        return email


def _record(email_id: int, **fields) -> None:
    """Write the outcome of a send. The send cannot be undone, so a database that dropped
    the connection meanwhile is asked again on a fresh one; if it still fails, the claim runs
    out and the email goes again with the same Message-ID."""
    for attempt in range(3):
        try:
            OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.SENDING).update(
                **fields
            )
            return
        except DatabaseError:
            if connection.in_atomic_block or attempt == 2:
                raise
            logger.warning("Recording outgoing email %s failed; reconnecting", email_id)
            connection.close()


def email_deliver(*, email_id: int) -> bool:
    """Send the email once. Returns False when there is nothing to send (sent, failed, or in
    another worker's hands).

    Three steps, and no transaction is open during the send: claim the row (a lease), send
    with the row's own Message-ID, record the outcome. A second delivery while the lease
    lasts does nothing, so a duplicate message, or a database that failed after the SMTP
    server accepted, sends nothing twice within the lease.
    """
    email = email_claim(email_id=email_id)
    if email is None:
        return False
    try:
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
            headers={**email.headers, "Message-ID": email.message_id},
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        message.send()
    except Exception as exc:
        now = timezone.now()
        if email.attempts >= EMAIL_MAX_ATTEMPTS:
            _record(
                email_id,
                status=OutgoingEmail.Status.FAILED,
                lease_until=None,
                last_error=str(exc)[:300],
            )
            logger.error("Outgoing email %s failed %s times; given up", email_id, email.attempts)
            return False
        _record(
            email_id,
            status=OutgoingEmail.Status.PENDING,
            lease_until=now + email_backoff(email.attempts),
            last_error=str(exc)[:300],
        )
        raise EmailDeliveryError(str(exc)) from exc
    _record(email_id, status=OutgoingEmail.Status.SENT, sent_at=timezone.now(), lease_until=None)
    return True


# Named as when it lived in `tasks`, so that messages already queued still find it.
@shared_task(base=CenterTask, bind=True, max_retries=8, name="mentorship.tasks.deliver_email_task")
def deliver_email_task(self, email_id, center=None):
    """Send one outgoing email; running it twice sends it once."""
    try:
        email_deliver(email_id=email_id)
    except EmailDeliveryError as exc:
        countdown = email_backoff(self.request.retries + 1).total_seconds()
        raise self.retry(exc=exc, countdown=countdown) from exc


def deliver_each(email_ids, *, center_id=None) -> int:
    """Send each of `email_ids` once; one that cannot be sent now is handed to
    `deliver_email_task`, which retries it with back-off, so that one bad address does not
    hold up the others. Returns how many were sent."""
    sent = 0
    for email_id in email_ids:
        try:
            sent += bool(email_deliver(email_id=email_id))
        except EmailDeliveryError:
            enqueue(
                deliver_email_task, args=[email_id], kwargs={"center_id": center_id}, countdown=60
            )
    return sent


@shared_task(base=CenterTask, bind=True, name="mentorship.tasks.deliver_emails_task")
def deliver_emails_task(self, email_ids, center=None):
    """Send the emails written together by `queue_emails`; an email already sent is skipped."""
    return deliver_each(email_ids, center_id=center.pk if center else None)
