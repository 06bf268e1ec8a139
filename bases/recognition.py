"""A recognition's life after it is given: reminders before it ends, its end at the close of
its validity, and the bureau's annual review (keep, warn or revoke, with a reason).

Each function is the one way its change happens; the periodic ones are safe to run twice,
because each base's row is locked and its state says what was already done.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.models import BaseReview, TrainingBase
from bases.selectors import representatives
from bases.services import _ensure_reviewer, lock_base
from mentorship.audit import audit
from mentorship.links import center_url
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.selectors import members_with_role

S = TrainingBase.Status
D = BaseReview.Decision

# Days before the last day of validity when the representatives and coordinators hear of it.
REMINDER_DAYS = (60, 30)

REVOKED_NO_CLAIMS = _(
    "The recognition of this base was revoked on %(date)s after the annual review; it can no"
    " longer claim subsidies."
)


def refused_claims_message(base) -> str:
    """Why a revoked base may not claim subsidies, in words for the form."""
    return REVOKED_NO_CLAIMS % {"date": base.revoked_on.isoformat() if base.revoked_on else "—"}


def _base_url(center, base) -> str:
    return center_url(center, "center:bases:base_detail", pk=base.pk)


def _tell(center, base, *, title, body, coordinators: bool) -> None:
    """The base's representatives in this center and, when asked, the center's coordinators."""
    people = list(representatives(center=center, enterprise_id=base.enterprise_id))
    if coordinators:
        known = {person.pk for person in people}
        people += [
            person
            for person in members_with_role(center=center, role=Role.COORDINATOR)
            if person.pk not in known
        ]
    url = _base_url(center, base)
    for person in people:
        notify(
            person, NotificationKind.BASE_STANDING, center=center, title=title, body=body, url=url
        )


# --- Reminders and expiry (daily beat) -----------------------------------------------------


def recognition_send_reminders(*, center, today=None) -> int:
    """Remind each recognized base 60 and 30 days before its recognition ends, once each.

    A base first seen inside 30 days (recognized late, or the beat was down) gets the
    30-day reminder only, which also stands for the 60-day one. Returns reminders sent.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    due = TrainingBase.objects.filter(
        center=center,
        status=S.RECOGNIZED,
        recognized_until__gte=today,
        recognized_until__lte=horizon,
        expiry_reminded_30_at__isnull=True,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            sent += _remind(center, pk, today)
    return sent


def _remind(center, pk, today) -> int:
    base = (
        TrainingBase.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=pk)
    )
    if base.status != S.RECOGNIZED or base.recognized_until is None:
        return 0
    days_left = (base.recognized_until - today).days
    now = timezone.now()
    if days_left <= 30 and base.expiry_reminded_30_at is None:
        mark = "30"
        base.expiry_reminded_30_at = now
        base.expiry_reminded_60_at = base.expiry_reminded_60_at or now
    elif days_left <= 60 and base.expiry_reminded_60_at is None:
        mark = "60"
        base.expiry_reminded_60_at = now
    else:
        return 0
    base.save(update_fields=["expiry_reminded_60_at", "expiry_reminded_30_at", "updated_at"])
    audit(
        center=center,
        actor=None,
        verb="base.expiry_reminded",
        target=base,
        after={"days": mark, "recognized_until": base.recognized_until.isoformat()},
    )
    until = base.recognized_until
    _tell(
        center,
        base,
        title=lambda: (
            _("The recognition of %(base)s ends on %(date)s")
            % {"base": base, "date": until.isoformat()}
        ),
        body=lambda: (
            _(
                "%(days)d days are left. Ask the bureau of %(center)s in time if the base"
                " should stay recognized."
            )
            % {"days": days_left, "center": center.name}
        ),
        coordinators=True,
    )
    return 1


def recognitions_expire(*, center, today=None) -> int:
    """Bases whose validity ended before `today` stop being recognized; safe to run twice."""
    today = today or timezone.localdate()
    ended = TrainingBase.objects.filter(
        center=center, status=S.RECOGNIZED, recognized_until__lt=today
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(ended):
        with transaction.atomic():
            count += _expire(center, pk, today)
    return count


def _expire(center, pk, today) -> int:
    base = (
        TrainingBase.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=pk)
    )
    if base.status != S.RECOGNIZED or not base.recognized_until or base.recognized_until >= today:
        return 0
    base.status = S.EXPIRED
    base.save(update_fields=["status", "updated_at"])
    audit(
        center=center,
        actor=None,
        verb="base.expired",
        target=base,
        before={"status": S.RECOGNIZED},
        after={"status": S.EXPIRED, "recognized_until": base.recognized_until.isoformat()},
    )
    until = base.recognized_until
    _tell(
        center,
        base,
        title=lambda: _("The recognition of %(base)s has ended") % {"base": base},
        body=lambda: (
            _(
                "It was valid until %(date)s. The base no longer posts positions; subsidies"
                " can still be claimed for the periods it was recognized."
            )
            % {"date": until.isoformat()}
        ),
        coordinators=True,
    )
    return 1


# --- The annual review ---------------------------------------------------------------------


@transaction.atomic
def base_review_decide(
    *, center, actor, base, year: int, decision: str, reason: str, criteria: dict
) -> BaseReview:
    """Bureau staff keep, warn or revoke a recognized base in the review of `year`, with a
    written reason; `criteria` are the figures the review showed. The base is told; a
    revoked base stops posting positions and claiming subsidies at once."""
    base = lock_base(base)
    _ensure_reviewer(actor, center, base)
    reason = (reason or "").strip()
    errors = {}
    if decision not in D.values:
        errors["decision"] = _("Choose keep, warn or revoke.")
    if not reason:
        errors["reason"] = _("Write the reason for the decision; the enterprise reads it.")
    if errors:
        raise ValidationError(errors)
    if base.status != S.RECOGNIZED:
        raise ValidationError(
            _("Only a base whose recognition runs can be reviewed; this one is %(status)s.")
            % {"status": base.get_status_display()}
        )
    already = ValidationError(
        _("This base already has a decision in the review of %(year)d.") % {"year": year}
    )
    if BaseReview.objects.filter(base=base, year=year).exists():
        raise already
    try:
        with transaction.atomic():
            review = BaseReview.objects.create(
                center=center,
                base=base,
                year=year,
                decision=decision,
                reason=reason,
                criteria=criteria,
                decided_by=actor,
            )
    except IntegrityError as error:
        raise already from error
    before = {"status": base.status}
    if decision == D.REVOKE:
        base.status = S.REVOKED
        base.revoked_on = timezone.localdate()
        base.save(update_fields=["status", "revoked_on", "updated_at"])
    audit(
        center=center,
        actor=actor,
        verb=f"base.review_{decision}",
        target=base,
        before=before,
        after={"status": base.status, "year": year, "reason": reason, **criteria},
    )
    titles = {
        D.KEEP: _("Annual review %(year)d: %(base)s stays recognized"),
        D.WARN: _("Annual review %(year)d: a warning to %(base)s"),
        D.REVOKE: _("Annual review %(year)d: the recognition of %(base)s is revoked"),
    }
    _tell(
        center,
        base,
        title=lambda: titles[decision] % {"year": year, "base": base},
        body=lambda: _("The bureau's reason: %(reason)s") % {"reason": reason},
        coordinators=False,
    )
    return review
