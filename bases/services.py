"""Workflow services of enterprises, training-base applications and positions.

Each function is the one way its change happens: it checks the actor's right and the
transition, writes the audit entry and queues notifications, which go out after commit.
"""

import re
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases import selectors
from bases.models import Enterprise, Position, TrainingBase
from bases.position_published import position_published
from bases.validators import validate_credit_code
from mentorship.audit import audit, audit_value, field_diff
from mentorship.models import Membership, NotificationKind, Role, User
from mentorship.notifications import notify
from mentorship.selectors import members_with_role
from mentorship.services import ensure_center_can_act, ensure_role
from mentorship.uploads import clean_upload
from mentorship.workflow import ensure_transition, transition

LICENCE_KINDS = ("pdf", "jpeg", "png")
DEFAULT_RECOGNITION_YEARS = 2
MAX_RECOGNITION_YEARS = 5

ENTERPRISE_FIELDS = frozenset(
    {"name_zh", "name_en", "industry", "size", "address", "contact_name", "contact_phone"}
)
BASE_FIELDS = frozenset({"introduction", "yearly_capacity"})
POSITION_FIELDS = frozenset(
    {
        "title",
        "description",
        "department",
        "city",
        "location",
        "openings",
        "duration_months",
        "stipend",
        "majors",
        "start_date",
        "deadline",
    }
)

S = TrainingBase.Status
BASE_TRANSITIONS = {
    S.DRAFT: (S.SUBMITTED,),
    S.RETURNED: (S.SUBMITTED,),
    S.SUBMITTED: (S.UNDER_REVIEW,),
    S.UNDER_REVIEW: (S.RECOGNIZED, S.RETURNED, S.REJECTED),
}
P = Position.Status
# OPEN → FILLED happens only when the last opening is taken (`position_take_seat`).
POSITION_TRANSITIONS = {
    P.DRAFT: (P.OPEN,),
    P.OPEN: (P.CLOSED,),
    P.FILLED: (P.CLOSED,),
}
POSITION_FULL = _(
    "All openings of this position are already taken, so this offer can no longer be accepted."
)

DUPLICATE_CREDIT_CODE = _(
    "An enterprise with this unified social credit code is already registered. "
    "Ask one of its representatives to add you instead of registering it again."
)


def _url(center, name, **kwargs) -> str:
    return reverse(f"center:bases:{name}", kwargs={"center_slug": center.slug, **kwargs})


def _ensure_known(fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")


def _ensure_enterprise_member(actor, center) -> None:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.ENTERPRISE)


def _ensure_representative(actor, enterprise) -> None:
    if not selectors.is_representative(user=actor, enterprise_id=enterprise.pk):
        raise PermissionDenied(_("Only the enterprise's representatives can do this."))


def ensure_representative(actor, center, enterprise_id) -> None:
    """The actor speaks for this enterprise *and* acts as its representative in this center."""
    _ensure_enterprise_member(actor, center)
    if not selectors.is_representative(user=actor, enterprise_id=enterprise_id):
        raise PermissionDenied(_("Only the enterprise's representatives can do this."))


def _ensure_reviewer(actor, center, base) -> None:
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.BUREAU)
    # Nobody decides on their own company's application.
    if base.enterprise.representatives.filter(pk=actor.pk).exists():
        raise PermissionDenied(
            _("You represent this enterprise; a colleague must decide on its application.")
        )


def _field_errors(field: str, error: ValidationError) -> ValidationError:
    return ValidationError({field: error.error_list})


def check_licence(uploaded):
    """The business licence as a clean copy of a real PDF, JPEG or PNG within the size
    limit, named with the suffix of its true type so it is served as what it is."""
    try:
        return clean_upload(uploaded, kinds=LICENCE_KINDS)
    except ValidationError as error:
        raise _field_errors("business_licence", error) from error


def normalize_credit_code(code: str) -> str:
    return (code or "").strip().upper()


def check_credit_code(code: str) -> str:
    """The normalized code, valid and not yet registered; otherwise a field error."""
    code = normalize_credit_code(code)
    try:
        validate_credit_code(code)
    except ValidationError as error:
        raise _field_errors("credit_code", error) from error
    if Enterprise.objects.filter(credit_code=code).exists():
        raise ValidationError({"credit_code": DUPLICATE_CREDIT_CODE})
    return code


# Enterprises


@transaction.atomic
def enterprise_register(
    *, center, actor, credit_code: str, business_licence, **fields
) -> Enterprise:
    """Register an enterprise; the person registering it becomes its representative."""
    _ensure_known(fields, ENTERPRISE_FIELDS)
    _ensure_enterprise_member(actor, center)
    code = check_credit_code(credit_code)
    if not business_licence:
        raise ValidationError({"business_licence": _("Upload the business licence.")})
    business_licence = check_licence(business_licence)
    enterprise = Enterprise(credit_code=code, **fields)
    enterprise.full_clean(exclude=["business_licence"], validate_unique=False)
    enterprise.business_licence = business_licence
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as error:
        # Someone registered the same code a moment ago; the file was already stored.
        enterprise.business_licence.delete(save=False)
        raise ValidationError({"credit_code": DUPLICATE_CREDIT_CODE}) from error
    enterprise.representatives.add(actor)
    audit(
        center=center,
        actor=actor,
        verb="enterprise.registered",
        target=enterprise,
        after={"credit_code": code, "name_zh": enterprise.name_zh, "name_en": enterprise.name_en},
    )
    return enterprise


@transaction.atomic
def enterprise_update(*, center, actor, enterprise, business_licence=None, **fields) -> Enterprise:
    """Change an enterprise's details or replace its licence. The credit code is its
    identity and stays as registered."""
    _ensure_known(fields, ENTERPRISE_FIELDS)
    _ensure_enterprise_member(actor, center)
    enterprise = Enterprise.objects.select_for_update(of=("self",)).get(pk=enterprise.pk)
    _ensure_representative(actor, enterprise)
    before = {key: getattr(enterprise, key) for key in fields}
    for key, value in fields.items():
        setattr(enterprise, key, value)
    enterprise.full_clean(exclude=["business_licence"], validate_unique=False)
    old_licence = None
    if business_licence:
        business_licence = check_licence(business_licence)
        old_licence = enterprise.business_licence.name or None
        enterprise.business_licence = business_licence
    enterprise.save()
    if old_licence:
        storage = enterprise.business_licence.storage
        transaction.on_commit(lambda: storage.delete(old_licence))
    changed_before, changed_after = field_diff(before, fields)
    if business_licence:
        changed_after["business_licence"] = "replaced"
    audit(
        center=center,
        actor=actor,
        verb="enterprise.updated",
        target=enterprise,
        before=changed_before,
        after=changed_after,
    )
    return enterprise


@transaction.atomic
def enterprise_add_representative(*, center, actor, enterprise, email: str) -> User:
    """A representative adds a colleague who has joined this center as an enterprise."""
    _ensure_enterprise_member(actor, center)
    enterprise = Enterprise.objects.select_for_update(of=("self",)).get(pk=enterprise.pk)
    _ensure_representative(actor, enterprise)
    person = (
        User.objects.filter(
            email__iexact=(email or "").strip(),
            memberships__in=Membership.objects.filter(
                center=center, role=Role.ENTERPRISE, is_active=True
            ),
        )
        .distinct()
        .first()
    )
    if person is None:
        raise ValidationError(
            {
                "email": _(
                    "Nobody with this email address has joined this service center as an "
                    "enterprise representative. Ask your colleague to sign up first."
                )
            }
        )
    if enterprise.representatives.filter(pk=person.pk).exists():
        raise ValidationError({"email": _("This person already represents the enterprise.")})
    enterprise.representatives.add(person)
    audit(
        center=center,
        actor=actor,
        verb="enterprise.representative_added",
        target=enterprise,
        after={"user": person.pk, "email": person.email},
    )
    return person


@transaction.atomic
def enterprise_remove_representative(*, center, actor, enterprise, person) -> None:
    """A representative removes a colleague (or themselves); one must always remain."""
    _ensure_enterprise_member(actor, center)
    enterprise = Enterprise.objects.select_for_update(of=("self",)).get(pk=enterprise.pk)
    _ensure_representative(actor, enterprise)
    representatives = enterprise.representatives.all()
    if not representatives.filter(pk=person.pk).exists():
        raise ValidationError(_("This person does not represent the enterprise."))
    if representatives.count() == 1:
        raise ValidationError(_("An enterprise keeps at least one representative."))
    enterprise.representatives.remove(person)
    audit(
        center=center,
        actor=actor,
        verb="enterprise.representative_removed",
        target=enterprise,
        before={"user": person.pk, "email": person.email},
    )


# Training-base applications


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def default_recognition_until(start: date) -> date:
    """The last day of a recognition of DEFAULT_RECOGNITION_YEARS starting on `start`."""
    return _add_years(start, DEFAULT_RECOGNITION_YEARS) - timedelta(days=1)


def check_recognition_period(recognized_from: date, recognized_until: date) -> None:
    error = None
    if recognized_until <= recognized_from:
        error = _("The end of the validity must come after its start.")
    elif recognized_until < timezone.localdate():
        error = _("This validity period has already ended.")
    elif recognized_until >= _add_years(recognized_from, MAX_RECOGNITION_YEARS):
        error = _("A recognition is valid for %(n)d years at most.") % {"n": MAX_RECOGNITION_YEARS}
    if error:
        raise ValidationError({"recognized_until": error})


def lock_base(base) -> TrainingBase:
    """The base row, locked for the transaction: its workflow, and the subsidy claims of
    the base, change one at a time."""
    return (
        TrainingBase.objects.select_for_update(of=("self",))
        .select_related("enterprise")
        .get(pk=base.pk)
    )


@transaction.atomic
def base_create(
    *, center, actor, enterprise, kind: str, introduction: str = "", yearly_capacity: int = 10
) -> TrainingBase:
    """Start a draft application of `enterprise` to be a base of `kind` in this center."""
    _ensure_enterprise_member(actor, center)
    _ensure_representative(actor, enterprise)
    if kind not in TrainingBase.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of base.")})
    duplicate = ValidationError(
        {"kind": _("This enterprise already has an application of this kind in this center.")}
    )
    if TrainingBase.objects.filter(center=center, enterprise=enterprise, kind=kind).exists():
        raise duplicate
    base = TrainingBase(
        center=center,
        enterprise=enterprise,
        kind=kind,
        introduction=introduction,
        yearly_capacity=yearly_capacity,
        created_by=actor,
    )
    base.full_clean(
        exclude=["center", "enterprise", "created_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            base.save()
    except IntegrityError as error:
        raise duplicate from error
    audit(
        center=center,
        actor=actor,
        verb="base.created",
        target=base,
        after={"kind": kind, "enterprise": enterprise.pk, "yearly_capacity": yearly_capacity},
    )
    return base


@transaction.atomic
def base_update(*, center, actor, base, **fields) -> TrainingBase:
    """The enterprise edits its draft or returned application."""
    _ensure_known(fields, BASE_FIELDS)
    _ensure_enterprise_member(actor, center)
    base = lock_base(base)
    _ensure_representative(actor, base.enterprise)
    if not base.is_editable:
        raise ValidationError(
            _("The application can be changed only as a draft or when returned for changes.")
        )
    before = {key: getattr(base, key) for key in fields}
    for key, value in fields.items():
        setattr(base, key, value)
    base.full_clean(
        exclude=["center", "enterprise", "created_by", "decided_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    base.save()
    changed_before, changed_after = field_diff(before, fields)
    audit(
        center=center,
        actor=actor,
        verb="base.updated",
        target=base,
        before=changed_before,
        after=changed_after,
    )
    return base


@transaction.atomic
def base_submit(*, center, actor, base) -> TrainingBase:
    """Send a draft, or a returned application after changes, to the bureau."""
    _ensure_enterprise_member(actor, center)
    base = lock_base(base)
    _ensure_representative(actor, base.enterprise)
    ensure_transition(base, to=S.SUBMITTED, allowed=BASE_TRANSITIONS)
    if not base.introduction.strip():
        raise ValidationError(
            {"introduction": _("Describe what interns will do and learn before submitting.")}
        )
    if not base.enterprise.business_licence:
        raise ValidationError(
            _("Upload the enterprise's business licence on the enterprise page first.")
        )
    resubmission = base.status == S.RETURNED
    before = {"status": base.status}
    base.status = S.SUBMITTED
    base.submitted_at = timezone.now()
    # The last decision no longer stands; the audit trail keeps it.
    base.review_comment = ""
    base.decided_at = None
    base.decided_by = None
    base.save()
    audit(
        center=center,
        actor=actor,
        verb="base.submitted",
        target=base,
        before=before,
        after={"status": base.status, "resubmission": resubmission},
    )
    enterprise = base.enterprise
    url = _url(center, "base_detail", pk=base.pk)
    for user in members_with_role(center=center, role=Role.BUREAU).exclude(pk=actor.pk):
        notify(
            user,
            NotificationKind.BASE_SUBMITTED,
            center=center,
            title=lambda: _("Application to review: %(enterprise)s") % {"enterprise": enterprise},
            body=lambda: (
                (
                    _("%(enterprise)s resubmitted its application to be a %(kind)s.")
                    if resubmission
                    else _("%(enterprise)s applied to be a %(kind)s.")
                )
                % {"enterprise": enterprise, "kind": base.get_kind_display()}
            ),
            url=url,
        )
    return base


@transaction.atomic
def base_start_review(*, center, actor, base) -> TrainingBase:
    """Bureau staff take a submitted application into review."""
    base = lock_base(base)
    _ensure_reviewer(actor, center, base)
    return transition(
        base,
        to=S.UNDER_REVIEW,
        allowed=BASE_TRANSITIONS,
        center=center,
        actor=actor,
        verb="base.review_started",
    )


def _decide(*, center, actor, base, to, comment: str, extra_after=None) -> TrainingBase:
    before = {"status": base.status}
    base.status = to
    base.review_comment = comment.strip()
    base.decided_at = timezone.now()
    base.decided_by = actor
    base.save()
    audit(
        center=center,
        actor=actor,
        verb=f"base.{to}",
        target=base,
        before=before,
        after={"status": to, "comment": base.review_comment, **(extra_after or {})},
    )
    return base


def _notify_decision(*, center, base, title, body) -> None:
    url = _url(center, "base_detail", pk=base.pk)
    for user in selectors.representatives(center=center, enterprise_id=base.enterprise_id):
        notify(user, NotificationKind.BASE_DECISION, center=center, title=title, body=body, url=url)


@transaction.atomic
def base_recognize(
    *,
    center,
    actor,
    base,
    recognized_from: date | None = None,
    recognized_until: date | None = None,
    comment: str = "",
) -> TrainingBase:
    """Recognize the enterprise as a base of this center for a validity period
    (DEFAULT_RECOGNITION_YEARS from today unless given)."""
    base = lock_base(base)
    _ensure_reviewer(actor, center, base)
    ensure_transition(base, to=S.RECOGNIZED, allowed=BASE_TRANSITIONS)
    recognized_from = recognized_from or timezone.localdate()
    recognized_until = recognized_until or default_recognition_until(recognized_from)
    check_recognition_period(recognized_from, recognized_until)
    base.recognized_from = recognized_from
    base.recognized_until = recognized_until
    _decide(
        center=center,
        actor=actor,
        base=base,
        to=S.RECOGNIZED,
        comment=comment,
        extra_after={
            "recognized_from": recognized_from.isoformat(),
            "recognized_until": recognized_until.isoformat(),
        },
    )
    _notify_decision(
        center=center,
        base=base,
        title=lambda: (
            _("Recognized: %(enterprise)s is a %(kind)s of %(center)s")
            % {
                "enterprise": base.enterprise,
                "kind": base.get_kind_display(),
                "center": center.name,
            }
        ),
        body=lambda: (
            _("The recognition is valid from %(start)s to %(end)s.")
            % {"start": recognized_from.isoformat(), "end": recognized_until.isoformat()}
        ),
    )
    return base


@transaction.atomic
def base_return(*, center, actor, base, comment: str) -> TrainingBase:
    """Send the application back to the enterprise, saying what to change."""
    base = lock_base(base)
    _ensure_reviewer(actor, center, base)
    ensure_transition(base, to=S.RETURNED, allowed=BASE_TRANSITIONS)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what the enterprise should change.")})
    _decide(center=center, actor=actor, base=base, to=S.RETURNED, comment=comment)
    _notify_decision(
        center=center,
        base=base,
        title=lambda: (
            _("Changes requested: %(kind)s application of %(enterprise)s")
            % {"enterprise": base.enterprise, "kind": base.get_kind_display()}
        ),
        body=base.review_comment,
    )
    return base


@transaction.atomic
def base_reject(*, center, actor, base, comment: str) -> TrainingBase:
    """Turn the application down, giving the reason."""
    base = lock_base(base)
    _ensure_reviewer(actor, center, base)
    ensure_transition(base, to=S.REJECTED, allowed=BASE_TRANSITIONS)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Give the reason for rejecting the application.")})
    _decide(center=center, actor=actor, base=base, to=S.REJECTED, comment=comment)
    _notify_decision(
        center=center,
        base=base,
        title=lambda: (
            _("Not recognized: %(kind)s application of %(enterprise)s")
            % {"enterprise": base.enterprise, "kind": base.get_kind_display()}
        ),
        body=base.review_comment,
    )
    return base


# Positions

MAJOR_SEPARATORS = re.compile(r"[,，、;；\n]+")


def normalize_majors(text: str) -> str:
    """Majors as one comma-separated list, whichever separators people typed."""
    seen: dict[str, None] = {}
    for part in MAJOR_SEPARATORS.split(text or ""):
        if part.strip():
            seen.setdefault(part.strip(), None)
    return ",".join(seen)


def check_deadline_ahead(deadline: date) -> None:
    if deadline and deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The application deadline is already past.")})


NO_POSITIONS = _(
    "Positions can be posted only by an internship training base whose recognition is valid today."
)
REVOKED_NO_POSITIONS = _(
    "The recognition of this base was revoked on %(date)s after the annual review; it can no"
    " longer post positions."
)


def refused_positions_message(base) -> str:
    """Why `base` may not post positions, in words for the form."""
    if base.status == S.REVOKED:
        on = base.revoked_on.isoformat() if base.revoked_on else "—"
        return REVOKED_NO_POSITIONS % {"date": on}
    return str(NO_POSITIONS)


def _ensure_accepts_positions(base) -> None:
    if not base.accepts_positions:
        raise ValidationError(refused_positions_message(base), code="not_accepting")


def _clean_position(position) -> None:
    position.majors = normalize_majors(position.majors)
    position.full_clean(exclude=["center", "base"])


def lock_position(position) -> Position:
    """The position row, locked for the transaction: seats are taken one at a time."""
    return (
        Position.objects.select_for_update(of=("self",))
        .select_related("base__enterprise")
        .get(pk=position.pk)
    )


@transaction.atomic
def position_create(*, center, actor, base, **fields) -> Position:
    """A draft position of a recognized internship training base."""
    _ensure_known(fields, POSITION_FIELDS)
    _ensure_enterprise_member(actor, center)
    base = TrainingBase.objects.select_related("enterprise").get(pk=base.pk)
    _ensure_representative(actor, base.enterprise)
    _ensure_accepts_positions(base)
    position = Position(center=center, base=base, status=P.DRAFT, **fields)
    check_deadline_ahead(position.deadline)
    _clean_position(position)
    position.save()
    audit(
        center=center,
        actor=actor,
        verb="position.created",
        target=position,
        after={key: audit_value(getattr(position, key)) for key in sorted(fields)},
    )
    return position


@transaction.atomic
def position_update(*, center, actor, position, **fields) -> Position:
    """Change a draft or open position."""
    _ensure_known(fields, POSITION_FIELDS)
    _ensure_enterprise_member(actor, center)
    position = lock_position(position)
    _ensure_representative(actor, position.base.enterprise)
    if position.status not in (P.DRAFT, P.OPEN):
        raise ValidationError(_("A closed or filled position can no longer be changed."))
    before = {key: getattr(position, key) for key in fields}
    for key, value in fields.items():
        setattr(position, key, value)
    if "deadline" in fields and fields["deadline"] != before["deadline"]:
        check_deadline_ahead(position.deadline)
    _clean_position(position)
    position.save()
    changed_before, changed_after = field_diff(
        before, {key: getattr(position, key) for key in fields}
    )
    audit(
        center=center,
        actor=actor,
        verb="position.updated",
        target=position,
        before=changed_before,
        after=changed_after,
    )
    return position


@transaction.atomic
def position_publish(*, center, actor, position) -> Position:
    """Open a draft position to students."""
    _ensure_enterprise_member(actor, center)
    position = lock_position(position)
    _ensure_representative(actor, position.base.enterprise)
    ensure_transition(position, to=P.OPEN, allowed=POSITION_TRANSITIONS)
    _ensure_accepts_positions(position.base)
    try:
        check_deadline_ahead(position.deadline)
    except ValidationError as error:
        raise ValidationError(
            _("The application deadline has passed; change it before publishing.")
        ) from error
    position = transition(
        position,
        to=P.OPEN,
        allowed=POSITION_TRANSITIONS,
        center=center,
        actor=actor,
        verb="position.published",
        changes={"published_at": timezone.now()},
    )
    position_published(center=center, position=position)
    return position


@transaction.atomic
def position_close(*, center, actor, position) -> Position:
    """Stop taking applications for an open (or filled) position."""
    _ensure_enterprise_member(actor, center)
    position = lock_position(position)
    _ensure_representative(actor, position.base.enterprise)
    return transition(
        position,
        to=P.CLOSED,
        allowed=POSITION_TRANSITIONS,
        center=center,
        actor=actor,
        verb="position.closed",
    )


def position_take_seat(position) -> bool:
    """One opening of `position` (locked by the caller with `lock_position`) is taken;
    taking the last one fills an open position. Returns whether it is now full.

    The caller (an accepted offer) writes the audit entry: the seat is part of its change.
    """
    if position.accepted_count >= position.openings:
        raise ValidationError(POSITION_FULL, code="position_full")
    position.accepted_count += 1
    full = position.accepted_count >= position.openings
    if full and position.status == P.OPEN:
        position.status = P.FILLED
    # A queryset update: the locked row changes without recomputing its search text.
    Position.objects.filter(pk=position.pk).update(
        accepted_count=position.accepted_count,
        status=position.status,
        updated_at=timezone.now(),
    )
    return full
