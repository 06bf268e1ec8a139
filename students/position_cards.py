"""The search's result cards and the applicants list's rows, rendered once per row,
language and change.

A card is the same for every visitor (what differs, the student's own application, is drawn
beside it), so a page of twenty cards costs one cache read instead of twenty renderings.
The key holds the position's last change: publishing, editing, a seat taken or the
position closing all move `updated_at`, so a changed position is drawn anew.

The search's filters are the same for everyone asking with the same filters in the same
center and language; `filters_key` names them, with the choices they offer (the facets),
so a city that gains its first open position shows in the list at once.

An applicant's row is the same for whoever reviews the position; its key holds the
application's last change (a move to another state) and the student's profile's.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# The enterprise's name is on the card but not in the key: a renamed enterprise shows on
# its cards within this time (and a renamed student or university on their rows).
CARD_SECONDS = 600


def _drawn(rows, *, key, template: str, name: str, center) -> list[tuple]:
    """[(row, html), …]: each row's fragment from the cache, the missing ones rendered."""
    language = get_language() or ""
    keys = [f"{key(row)}:{language}" for row in rows]
    found = cache.get_many(keys)
    drawn = {}
    fragments = []
    for row, row_key in zip(rows, keys, strict=True):
        html = found.get(row_key)
        if html is None:
            html = render_to_string(template, {name: row, "current_center": center})
            drawn[row_key] = html
        fragments.append((row, mark_safe(html)))  # our own template's output
    if drawn:
        cache.set_many(drawn, CARD_SECONDS)
    return fragments


def _card_key(position) -> str:
    return f"students:card:{position.pk}:{position.updated_at.timestamp()}"


def position_cards(positions, *, center) -> list[tuple]:
    """[(position, card html), …] for the positions of a result page."""
    return _drawn(
        positions,
        key=_card_key,
        template="students/_position_card.html",
        name="position",
        center=center,
    )


def _applicant_key(application) -> str:
    return (
        f"students:applicant:{application.pk}:{application.updated_at.timestamp()}:"
        f"{application.student.updated_at.timestamp()}"
    )


def applicant_rows(applications, *, center) -> list[tuple]:
    """[(application, table row html), …] for a page of a position's applicants."""
    return _drawn(
        applications,
        key=_applicant_key,
        template="students/_applicant_row.html",
        name="a",
        center=center,
    )


def filters_key(form, *, center, facets) -> str:
    """The cache key of the search's filters as `form` draws them (its values, its choices)."""
    values = [(name, form.data.get(name)) for name in form.fields]
    text = repr((center.pk, center.slug, get_language(), values, facets))
    return hashlib.sha256(text.encode()).hexdigest()
