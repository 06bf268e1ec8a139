"""The bases app's cards on the coordinator's console."""

from bases.models import Position, TrainingBase
from mentorship.panels import CONSOLE, register_panel


@register_panel(CONSOLE, template="bases/panels/console_bases.html", order=10, cache_seconds=60)
def console_bases(*, center) -> dict:
    return {
        "recognized": TrainingBase.objects.filter(
            center=center, status=TrainingBase.Status.RECOGNIZED
        ).count(),
        "to_review": TrainingBase.objects.filter(
            center=center,
            status__in=[TrainingBase.Status.SUBMITTED, TrainingBase.Status.UNDER_REVIEW],
        ).count(),
    }


@register_panel(CONSOLE, template="bases/panels/console_positions.html", order=20, cache_seconds=60)
def console_positions(*, center) -> dict:
    return {"open": Position.objects.filter(center=center, status=Position.Status.OPEN).count()}
