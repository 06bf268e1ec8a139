"""The search's result cards, rendered once per position, language and change.

A card is the same for every visitor (what differs, the student's own application, is drawn
beside it), so a page of twenty cards costs one cache read instead of twenty renderings.
The key holds the position's last change: publishing, editing, a seat taken or the
position closing all move `updated_at`, so a changed position is drawn anew.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# The enterprise's name is on the card but not in the key: a renamed enterprise shows on
# its cards within this time.
CARD_SECONDS = 600


def _key(position, language: str) -> str:
    return f"students:card:{language}:{position.pk}:{position.updated_at.timestamp()}"


def position_cards(positions, *, center) -> list[tuple]:
    """[(position, card html), …] for the positions of a result page."""
    language = get_language() or ""
    keys = {position.pk: _key(position, language) for position in positions}
    found = cache.get_many(list(keys.values()))
    drawn = {}
    cards = []
    for position in positions:
        html = found.get(keys[position.pk])
        if html is None:
            html = render_to_string(
                "students/_position_card.html",
                {"position": position, "current_center": center},
            )
            drawn[keys[position.pk]] = html
        cards.append((position, mark_safe(html)))  # our own template's output
    if drawn:
        cache.set_many(drawn, CARD_SECONDS)
    return cards
