"""The search's result cards and the applicants list's rows, rendered once per row,
language and change.

A card is the same for every visitor (what differs, the student's own application, is drawn
beside it), so a page of twenty cards costs one cache read instead of twenty renderings.
The key holds the position's last change: publishing, editing, a seat taken or the
position closing all move `updated_at`, so a changed position is drawn anew.

The search itself reads only each result's id and last change (`search_cards`): the full
rows, their enterprise with them, are read only for the cards not in the cache.

The search's filters are the same for everyone asking with the same filters in the same
center and language; `filters_key` names them, with the choices they offer (the facets),
so a city that gains its first open position shows in the list at once. The form that keeps
a search is kept with them for students (`search_forms_key`); its CSRF token is never kept,
but put in afresh on every request (`with_csrf_token`).

An applicant's row is the same for whoever reviews the position; its key holds the
application's last change (a move to another state) and the student's profile's.
"""

import hashlib

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from bases.models import Position
from mentorship.context_processors import FRAGMENTS_EPOCH
from students.models import Application

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
    return _stamp_key(position.pk, position.updated_at)


def _stamp_key(pk, updated_at) -> str:
    return f"students:card:{pk}:{updated_at.timestamp()}"


class CardRow:
    """A result of the search as its page needs it beside the card: the position's id and
    the label of the student's own application state there, if they applied."""

    __slots__ = ("my_status", "pk")

    def __init__(self, pk, status=None):
        self.pk = pk
        self.my_status = Application.Status(status).label if status else ""


def search_cards(stamps, *, center, also=()) -> tuple[list, dict]:
    """([(CardRow, card html), …], {key: value} of `also`) for a page of the search.

    `stamps` are (id, updated_at) of the page's positions, in order, or (id, updated_at,
    the student's application state or None); the keys of `also` are read in the same
    cache read. Only the positions whose card is missing are read in full.
    """
    language = get_language() or ""
    keys = [f"{_stamp_key(pk, updated_at)}:{language}" for pk, updated_at, *_ in stamps]
    found = cache.get_many([*keys, *also])
    missing = [pk for (pk, *_), key in zip(stamps, keys, strict=True) if key not in found]
    drawn = {}
    fresh = {}
    if missing:
        positions = Position.objects.filter(center=center, pk__in=missing).select_related(
            "base__enterprise"
        )
        for position in positions:
            html = render_to_string(
                "students/_position_card.html",
                {"position": position, "current_center": center},
            )
            fresh[position.pk] = html
            # Under the change it was drawn from, which may be newer than the page's list.
            drawn[f"{_card_key(position)}:{language}"] = html
        cache.set_many(drawn, CARD_SECONDS)
    cards = []
    for (pk, _, *status), key in zip(stamps, keys, strict=True):
        html = found.get(key) if key in found else fresh.get(pk)
        if html is not None:  # None: gone between the two reads
            cards.append((CardRow(pk, *status), mark_safe(html)))  # our own template's output
    return cards, {key: found[key] for key in also if key in found}


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
    return _applicant_stamp_key(
        application.pk, application.updated_at, application.student.updated_at
    )


def _applicant_stamp_key(pk, updated_at, profile_updated_at) -> str:
    return f"students:applicant:{pk}:{updated_at.timestamp()}:{profile_updated_at.timestamp()}"


APPLICANT_STAMP = ("pk", "updated_at", "student__updated_at")


def applicant_rows_by_stamp(stamps, *, rows_of, center) -> list[tuple]:
    """[(application id, row html), …] for a page of applicants given as `APPLICANT_STAMP`
    tuples; `rows_of(ids)` reads the applications whose row is not kept, in full."""
    language = get_language() or ""
    keys = [f"{_applicant_stamp_key(*stamp)}:{language}" for stamp in stamps]
    found = cache.get_many(keys)
    missing = [pk for (pk, *_), key in zip(stamps, keys, strict=True) if key not in found]
    fresh = {}
    if missing:
        drawn = {}
        for application in rows_of(missing):
            html = render_to_string(
                "students/_applicant_row.html", {"a": application, "current_center": center}
            )
            fresh[application.pk] = html
            drawn[f"{_applicant_key(application)}:{language}"] = html
        cache.set_many(drawn, CARD_SECONDS)
    rows = []
    for stamp, key in zip(stamps, keys, strict=True):
        html = found[key] if key in found else fresh.get(stamp[0])
        if html is not None:  # None: gone between the two reads
            rows.append((stamp[0], mark_safe(html)))  # our own template's output
    return rows


def filters_key(form, *, center, facets) -> str:
    """The cache key of the search's filters as `form` draws them (its values, its choices)."""
    values = [(name, form.data.get(name)) for name in form.fields]
    text = repr((center.pk, center.slug, get_language(), values, facets))
    return hashlib.sha256(text.encode()).hexdigest()


SEARCH_FORMS_SECONDS = 600

# Stands for the CSRF token in a kept fragment; letters only, so escaping leaves it alone.
CSRF_PLACEHOLDER = "csrftokenplaceholderXq7Zk"


def search_forms_key(filters_key: str, *, is_student: bool) -> str:
    """The cache key of the search's forms: the filters and, for students, the form that
    keeps the search (the same for every student, but for the token)."""
    return f"students:search-forms:{FRAGMENTS_EPOCH}:{filters_key}:{int(is_student)}"


def with_csrf_token(request, html: str):
    """A kept fragment with this request's CSRF token in place of the placeholder."""
    # Only where a form needs it: asking for a token sets the CSRF cookie on the response.
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # our own template's output


def draw_search_forms(request, *, key, kept: dict, context: dict):
    """The search's forms: kept under `key` (None: drawn for this request only), drawn from
    `context` if `kept` misses them, with this request's CSRF token."""
    html = kept.get(key) if key else None
    if html is None:
        html = render_to_string(
            "students/_search_forms.html", {**context, "csrf_token": CSRF_PLACEHOLDER}
        )
        if key:
            cache.set(key, html, SEARCH_FORMS_SECONDS)
    return with_csrf_token(request, html)


DETAIL_SECONDS = 600


def detail_parts(position, *, apply_form=None) -> dict:
    """The position page's parts that are the same for every visitor: the position itself
    (by its last change and the language) and, given `apply_form`, the application form's
    fields, kept while the form is empty (a refused one shows what was typed: drawn anew).
    Both in one cache read."""
    language = get_language() or ""
    keys = {
        "article": f"students:detail:{FRAGMENTS_EPOCH}:{_card_key(position)}:{language}",
    }
    if apply_form is not None and not apply_form.is_bound:
        keys["apply_fields"] = f"students:apply-form:{FRAGMENTS_EPOCH}:{language}"
    found = cache.get_many(list(keys.values()))
    parts, drawn = {}, {}
    for name, key in keys.items():
        html = found.get(key)
        if html is None:
            html = drawn[key] = _draw_detail_part(name, position, apply_form)
        parts[name] = mark_safe(html)  # our own templates' output
    if apply_form is not None and "apply_fields" not in parts:
        parts["apply_fields"] = mark_safe(_draw_detail_part("apply_fields", position, apply_form))
    if drawn:
        cache.set_many(drawn, DETAIL_SECONDS)
    return parts


def _draw_detail_part(name, position, apply_form) -> str:
    if name == "article":
        if position.get_deferred_fields():  # read brief, for a page whose article is kept
            position = Position.objects.select_related("base__enterprise").get(
                center_id=position.center_id, pk=position.pk
            )
        return render_to_string("students/_position_detail_article.html", {"position": position})
    return render_to_string("components/form.html", {"form": apply_form})
