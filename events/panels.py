"""The events app's card on the center's home."""

from events.selectors import upcoming_events
from mentorship.panels import CENTER_HOME, HOME_PANEL_SECONDS, register_panel


@register_panel(
    CENTER_HOME,
    template="events/panels/home_events.html",
    order=20,
    cache_seconds=HOME_PANEL_SECONDS,
)
def home_events(*, center) -> dict:
    return {"events": list(upcoming_events(center=center, limit=5))}
