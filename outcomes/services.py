"""Workflow services of the outcomes: offers of employment after a placement, the graduates'
destination survey, and the bureau's decision in the annual review of its bases.

Each function is atomic, checks the actor's right, writes the audit entry and queues the
notifications that go out after commit.
"""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.recognition import base_review_decide
from bases.selectors import is_representative, representatives
from mentorship.audit import audit, field_diff
from mentorship.links import center_url
from mentorship.models import NotificationKind, Role
from mentorship.notifications import notify
from mentorship.services import ensure_center_can_act, ensure_role
from outcomes import selectors
from outcomes.models import DestinationSurvey, EmploymentOffer
from students.models import Placement, StudentProfile

# Graduates in China leave in the summer: the survey goes from the first of July of the
# graduation year, for a year (a profile that graduated long ago gets none).
GRADUATION_MONTH, GRADUATION_DAY = 7, 1
SURVEY_WINDOW = timedelta(days=365)

ALREADY_RECORDED = _("An offer of employment is already recorded for this placement.")


def graduation_day(year: int) -> date:
    return date(year, GRADUATION_MONTH, GRADUATION_DAY)


# --- Offers of employment ------------------------------------------------------------------


def _offer_source(actor, center, placement) -> str:
    """Who speaks: the placement's student, or a representative of its base's enterprise."""
    ensure_center_can_act(center)
    if placement.student.user_id == actor.pk:
        ensure_role(actor, center, Role.STUDENT)
        return EmploymentOffer.Source.STUDENT
    if is_representative(user=actor, enterprise_id=placement.base.enterprise_id):
        ensure_role(actor, center, Role.ENTERPRISE)
        return EmploymentOffer.Source.ENTERPRISE
    raise PermissionDenied(
        _("Only the student or the enterprise of the placement can record an offer.")
    )


@transaction.atomic
def employment_offer_record(*, center, actor, placement, offered_on: date) -> EmploymentOffer:
    """Record that the base offered its intern employment after a finished placement; the
    other side hears of it. Whoever records it first, it is one fact."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("student__user", "base__enterprise", "position")
        .get(pk=placement.pk)
    )
    source = _offer_source(actor, center, placement)
    if placement.status == Placement.Status.ONGOING:
        raise ValidationError(_("An offer of employment is recorded once the placement has ended."))
    if offered_on is None:
        raise ValidationError({"offered_on": _("Give the date of the offer.")})
    if offered_on > timezone.localdate():
        raise ValidationError({"offered_on": _("The date of the offer cannot be in the future.")})
    if offered_on < placement.start_date:
        raise ValidationError(
            {
                "offered_on": _("The offer cannot come before the placement began (%(start)s).")
                % {"start": placement.start_date.isoformat()}
            }
        )
    if EmploymentOffer.objects.filter(placement=placement).exists():
        raise ValidationError(ALREADY_RECORDED, code="duplicate")
    try:
        with transaction.atomic():
            offer = EmploymentOffer.objects.create(
                center=center,
                placement=placement,
                offered_on=offered_on,
                source=source,
                recorded_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(ALREADY_RECORDED, code="duplicate") from error
    audit(
        center=center,
        actor=actor,
        verb="placement.employment_offer_recorded",
        target=placement,
        after={"offered_on": offered_on.isoformat(), "source": source},
    )
    url = center_url(center, "center:outcomes:placement_offer", pk=placement.pk)
    if source == EmploymentOffer.Source.STUDENT:
        people = representatives(center=center, enterprise_id=placement.base.enterprise_id)
        title = lambda: (  # noqa: E731
            _("%(student)s reports an offer of employment from %(base)s")
            % {"student": placement.student, "base": placement.base.enterprise}
        )
    else:
        people = [placement.student.user]
        title = lambda: (  # noqa: E731
            _("%(enterprise)s recorded its offer of employment to you")
            % {"enterprise": placement.base.enterprise}
        )
    for person in people:
        if person.pk != actor.pk:
            notify(
                person,
                NotificationKind.EMPLOYMENT_OFFER,
                center=center,
                title=title,
                body=lambda: _("Offer made on %(date)s.") % {"date": offered_on.isoformat()},
                url=url,
            )
    return offer


# --- The destination survey ----------------------------------------------------------------


def destination_surveys_send(*, center, today=None) -> int:
    """Send the survey to each graduate of the center whose graduation day has come (within
    the last year) and who has not had it: once per profile, however often this runs."""
    today = today or timezone.localdate()
    years = [year for year in (today.year - 1, today.year) if graduation_day(year) <= today]
    years = [year for year in years if today - graduation_day(year) < SURVEY_WINDOW]
    due = (
        StudentProfile.objects.filter(
            center=center,
            graduation_year__in=years,
            user__is_active=True,
            destination_survey__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            sent += _send_survey(center, pk)
    return sent


def _send_survey(center, pk) -> int:
    profile = (
        StudentProfile.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=pk)
        .first()
    )
    if profile is None or DestinationSurvey.objects.filter(student=profile).exists():
        return 0
    survey = DestinationSurvey.objects.create(
        center=center,
        student=profile,
        graduated_on=graduation_day(profile.graduation_year),
        sent_at=timezone.now(),
    )
    audit(
        center=center,
        actor=None,
        verb="destination_survey.sent",
        target=survey,
        after={"graduated_on": survey.graduated_on.isoformat()},
    )
    notify(
        profile.user,
        NotificationKind.DESTINATION_SURVEY,
        center=center,
        title=lambda: _("Congratulations on graduating! Where are you now?"),
        body=lambda: (
            _(
                "%(center)s asks its graduates three short questions: what you do now, in"
                " which city, and whether it is %(city)s. Every answer is optional, and you"
                " can change it later."
            )
            % {"center": center.name, "city": center.city or center.name}
        ),
        url=center_url(center, "center:outcomes:survey"),
    )
    return 1


@transaction.atomic
def destination_survey_answer(
    *, center, actor, survey, destination: str, city: str, in_center_city
) -> DestinationSurvey:
    """The graduate answers the survey, or changes the answer; any answer may be blank."""
    survey = DestinationSurvey.objects.select_for_update(of=("self",)).get(pk=survey.pk)
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.STUDENT)
    if survey.student.user_id != actor.pk:
        raise PermissionDenied(_("This is not your survey."))
    if destination and destination not in DestinationSurvey.Destination.values:
        raise ValidationError({"destination": _("Choose one of the answers.")})
    fields = {
        "destination": destination or "",
        "city": (city or "").strip(),
        "in_center_city": in_center_city,
    }
    before = {key: getattr(survey, key) for key in fields}
    for key, value in fields.items():
        setattr(survey, key, value)
    survey.full_clean(exclude=["center", "student"])
    first = survey.answered_at is None
    survey.answered_at = survey.answered_at or timezone.now()
    survey.save()
    changed_before, changed_after = field_diff(before, fields)
    audit(
        center=center,
        actor=actor,
        verb="destination_survey.answered" if first else "destination_survey.changed",
        target=survey,
        before=changed_before,
        after=changed_after,
    )
    return survey


# --- The annual review of bases -----------------------------------------------------------


def annual_review_decide(*, center, actor, base, decision: str, reason: str):
    """Keep, warn or revoke `base` in this year's review, recording the figures the bureau
    saw (counted afresh, as the page shows them)."""
    today = timezone.localdate()
    criteria = selectors.review_criteria(center=center, base=base, today=today)
    return base_review_decide(
        center=center,
        actor=actor,
        base=base,
        year=today.year,
        decision=decision,
        reason=reason,
        criteria=criteria,
    )
