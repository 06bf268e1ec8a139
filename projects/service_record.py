"""The projects' part of each mentor's record: entries of "What's Your Idea" judged (scores
given, placed in the year they were given) and the judging rounds they belonged to."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentorship.service_record import (
    RecordItem,
    count_by_year,
    distinct_by_year,
    register_service_record_source,
    year_of,
)
from projects.models import Assignment


def _scored(user_ids, center):
    rows = Assignment.objects.filter(judge_id__in=user_ids, status=Assignment.Status.SCORED)
    return rows if center is None else rows.filter(center=center)


def entries_judged(*, center, user_ids):
    return count_by_year(
        _scored(user_ids, center), center=center, user_field="judge_id", date_field="scored_at"
    )


def rounds_judged(*, center, user_ids):
    scored = _scored(user_ids, center).filter(scored_at__isnull=False)
    return distinct_by_year(
        scored.annotate(record_year=year_of(scored, "scored_at"))
        .values_list("center_id", "judge_id", "record_year", "entry__round_id")
        .order_by()
        .distinct()
    )


def judging_items(*, center, user, year):
    scored = _scored([user.pk], center).filter(scored_at__isnull=False)
    rows = (
        scored.annotate(record_year=year_of(scored, "scored_at"))
        .filter(record_year=year)
        .values("entry__round__name", "entry__round__call__title", "entry__round__deadline")
        .order_by("entry__round__deadline")
        .annotate(n=Count("pk"))
    )
    return [
        RecordItem(
            day=timezone.localdate(row["entry__round__deadline"]),
            text=ngettext(
                "%(call)s, %(round)s: %(count)d entry scored",
                "%(call)s, %(round)s: %(count)d entries scored",
                row["n"],
            )
            % {
                "call": row["entry__round__call__title"],
                "round": row["entry__round__name"],
                "count": row["n"],
            },
        )
        for row in rows
    ]


register_service_record_source(
    "projects.entries_judged",
    _("Project entries judged"),
    entries_judged,
    order=70,
    items=judging_items,
)
register_service_record_source(
    "projects.rounds_judged", _("Judging rounds"), rounds_judged, order=80
)
