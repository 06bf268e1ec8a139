"""Reads of the outcomes: the annual review's figures per base, a student's finished
placements and survey, a base's outcomes by year; "missing" and "not yours" both 404."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from bases.models import BaseReview, TrainingBase
from outcomes.models import DestinationSurvey
from students.models import Placement

# The annual review looks back one year from the day it is read.
REVIEW_WINDOW = timedelta(days=365)
# An average rating by interns below this flags the base.
POOR_RATING_BELOW = Decimal("3")

REVIEW_ALL = "all"
REVIEW_FLAGGED = "flagged"


def _review_annotated(queryset, *, today):
    """Bases with the review's figures: interns who started in the last year, and the
    ratings interns gave of placements that ended in it (count and average)."""
    since = today - REVIEW_WINDOW
    started = Q(placements__start_date__gt=since, placements__start_date__lte=today)
    rated = Q(
        placements__student_rating__isnull=False,
        placements__end_date__gt=since,
        placements__end_date__lte=today + timedelta(days=1),
    ) | Q(
        placements__student_rating__isnull=False,
        placements__terminated_on__gt=since,
        placements__terminated_on__lte=today,
    )
    return queryset.annotate(
        interns_last_year=Count("placements", filter=started, distinct=True),
        ratings=Count("placements", filter=rated, distinct=True),
        average_rating=Avg("placements__student_rating", filter=rated),
    )


def flag_query(*, today) -> Q:
    """Recognized for a year at least and no intern in the last year; or rated poorly."""
    return Q(interns_last_year=0, recognized_from__lte=today - REVIEW_WINDOW) | Q(
        ratings__gte=1, average_rating__lt=POOR_RATING_BELOW
    )


def rounded(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def review_bases(*, center, show: str = REVIEW_FLAGGED, today=None):
    """The bases of this year's review: recognized ones, flagged first unless `show` is all,
    each with its figures and this year's decision (`decisions`)."""
    today = today or timezone.localdate()
    decisions = BaseReview.objects.filter(center=center, year=today.year)
    decided = Q(pk__in=decisions.values("base_id"))
    bases = _review_annotated(
        TrainingBase.objects.filter(center=center).filter(
            Q(status=TrainingBase.Status.RECOGNIZED) | decided
        ),
        today=today,
    ).select_related("enterprise")
    if show != REVIEW_ALL:
        bases = bases.filter(flag_query(today=today) | decided)
    return bases.order_by("enterprise__name_zh", "pk").prefetch_related(
        Prefetch("reviews", queryset=decisions.select_related("decided_by"), to_attr="decisions")
    )


def review_criteria(*, center, base, today=None) -> dict:
    """The review's figures of one base, as the decision records them."""
    today = today or timezone.localdate()
    row = _review_annotated(TrainingBase.objects.filter(center=center, pk=base.pk), today=today)
    found = row.values("interns_last_year", "ratings", "average_rating").first() or {}
    average = rounded(found.get("average_rating"))
    return {
        "interns_last_year": found.get("interns_last_year", 0),
        "ratings": found.get("ratings", 0),
        "average_rating": str(average) if average is not None else None,
    }


def access_review_base(*, center, pk) -> TrainingBase:
    """A base of this center that was recognized; 404 for anything else."""
    base = (
        TrainingBase.objects.filter(center=center, pk=pk)
        .filter(
            status__in=(
                TrainingBase.Status.RECOGNIZED,
                TrainingBase.Status.EXPIRED,
                TrainingBase.Status.REVOKED,
            )
        )
        .select_related("enterprise")
        .first()
    )
    if base is None:
        raise Http404
    return base


# --- The student's side --------------------------------------------------------------------


def survey_of(*, center, user) -> DestinationSurvey | None:
    return (
        DestinationSurvey.objects.filter(center=center, student__user=user)
        .select_related("student")
        .first()
    )


def finished_placements_of(*, center, user) -> list[Placement]:
    """The student's placements that have ended, with their offer of employment if any."""
    return list(
        Placement.objects.filter(center=center, student__user=user)
        .exclude(status=Placement.Status.ONGOING)
        .select_related("base__enterprise", "position", "employment_offer")
        .order_by("-end_date", "-pk")
    )


def offer_of(placement):
    """The placement's offer of employment, or None."""
    try:
        return placement.employment_offer
    except Placement.employment_offer.RelatedObjectDoesNotExist:
        return None


# --- A base's outcomes by year --------------------------------------------------------------


@dataclass(frozen=True)
class BaseYear:
    year: int
    completed: int
    ended_early: int
    retained: int

    @property
    def ended(self) -> int:
        return self.completed + self.ended_early

    @property
    def completion_rate(self) -> Decimal | None:
        return percent(self.completed, self.ended)

    @property
    def retention_rate(self) -> Decimal | None:
        return percent(self.retained, self.ended)


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def base_finished_placements(*, base):
    """The base's ended placements, newest first, with their offers (for the offer links)."""
    return (
        Placement.objects.filter(base=base)
        .exclude(status=Placement.Status.ONGOING)
        .select_related("student__user", "position", "employment_offer")
        .order_by("-end_date", "-pk")
    )
