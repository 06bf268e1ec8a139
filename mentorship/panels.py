"""Cards that apps put on the core's pages (the center's home, the coordinator's console).

The core knows none of the apps: each registers its cards in `<app>/panels.py`, a template
and a function of the center that returns what the template shows, the way report kinds
and landings register. Figures that count many rows are cached for `cache_seconds`, so a
page never recounts hundreds of thousands of applications on every visit.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

CENTER_HOME = "center_home"
# The center's home is public and the busiest page after the search: its counts and its
# next events are kept this long, so a new position or event shows there within a minute
# (its own pages show it at once).
HOME_PANEL_SECONDS = 60
CONSOLE = "console"
PAGES = (CENTER_HOME, CONSOLE)


@dataclass(frozen=True)
class Panel:
    page: str
    template: str
    order: int
    figures: Callable[..., dict]
    cache_seconds: int


PANELS: list[Panel] = []


def register_panel(page: str, *, template: str, order: int, cache_seconds: int = 0):
    """Register `figures(center=) -> dict` to fill `template` on `page`, by `order`."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}")

    def decorator(figures):
        PANELS[:] = [p for p in PANELS if (p.page, p.template) != (page, template)]
        PANELS.append(Panel(page, template, order, figures, cache_seconds))
        PANELS.sort(key=lambda p: p.order)
        return figures

    return decorator


def _figures(panel: Panel, center) -> dict:
    if not panel.cache_seconds:
        return panel.figures(center=center)
    key = f"panel:{panel.page}:{panel.template}:{center.pk}"
    figures = cache.get(key)
    if figures is None:
        figures = panel.figures(center=center)
        cache.set(key, figures, panel.cache_seconds)
    return figures


def panels(page: str, *, center) -> list[dict]:
    """The page's cards in order, each `{"template": …, "figures": {…}}`."""
    return [
        {"template": p.template, "figures": _figures(p, center)} for p in PANELS if p.page == page
    ]
