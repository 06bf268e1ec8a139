"""The events app's card on the center's home."""

from events.selectors import upcoming_events
from mentorship.panels import CENTER_HOME, register_panel


@register_panel(CENTER_HOME, template="events/panels/home_events.html", order=20)
def home_events(*, center) -> dict:
    return {"events": list(upcoming_events(center=center, limit=5))}
