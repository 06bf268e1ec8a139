"""A base's outcomes on its page: placements completed or ended early, interns retained, by
year, and its placements that ended, where an offer of employment is recorded."""

from django.utils import timezone

from bases.base_sections import register_base_section
from mentorship.figures import base_years, figure_named
from outcomes import selectors
from students.models import Placement

# The years a base's page shows, newest first.
YEARS_SHOWN = 3


@register_base_section("outcomes", template="outcomes/_base_outcomes.html", order=10)
def base_outcomes(*, center, base):
    this_year = timezone.localdate().year
    ended = base_years(figure_named("outcomes.placements_ended"), base=base)
    retained = base_years(figure_named("outcomes.interns_retained"), base=base)
    years = [
        selectors.BaseYear(
            year=year,
            completed=int(ended.get((year, Placement.Status.COMPLETED), 0)),
            ended_early=int(ended.get((year, Placement.Status.TERMINATED), 0)),
            retained=int(retained.get((year, ""), 0)),
        )
        for year in range(this_year, this_year - YEARS_SHOWN, -1)
    ]
    return {
        "years": years,
        "criteria": selectors.review_criteria(center=center, base=base),
        "placements": list(selectors.base_finished_placements(base=base)[:10]),
    }
