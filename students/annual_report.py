"""The students' section of the annual report: the bases that took the most interns."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bases.models import TrainingBase
from mentorship.annual_report import register_section
from students.models import Placement


@register_section(
    "students.top_bases",
    title=_("Top bases by interns"),
    value_label=pgettext_lazy("annual report", "Interns"),
    kind_labels=TrainingBase.Kind.choices,
    order=30,
)
def top_bases(year):
    """The center's bases with the most placements starting in the year."""
    counted = (
        Placement.objects.filter(start_date__year=year)
        .values("base")
        .order_by()
        .annotate(interns=Count("pk"))
        .order_by("-interns", "base")[:10]
    )
    interns = {row["base"]: row["interns"] for row in counted}
    bases = TrainingBase.objects.filter(pk__in=interns).select_related("enterprise")
    return [
        {
            "title": {
                "zh-hans": base.enterprise.name_zh,
                "en": base.enterprise.name_en or base.enterprise.name_zh,
            },
            "kind": base.kind,
            "on": "",
            "value": interns[base.pk],
        }
        for base in bases
    ]
