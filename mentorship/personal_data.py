"""Each app's part of a person's data: what it gives in their copy and erases on request.

Like pretix's data shredders, the core knows no app: an app registers, in
`<app>/personal_data.py`, a section of the export (plain data, files for the archive) and
how to erase what it holds about the person while keeping the records the program must
keep. Sections run across all centers (`own_rows_across_centers`), erasure inside the
erasing transaction.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.files import File

from mentorship.models import CalendarFeed


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    export: Callable[..., object] | None
    files: Callable[..., Iterable[tuple[str, File]]] | None
    erase: Callable[..., None] | None


SECTIONS: list[Section] = []


def register_personal_data(key: str, *, order: int, export=None, files=None, erase=None):
    """`export(user)` -> plain data under `key`; `files(user)` -> (archive name, file)
    pairs; `erase(user)` blanks what the person wrote or others wrote about them."""
    SECTIONS[:] = [s for s in SECTIONS if s.key != key]
    SECTIONS.append(Section(key, order, export, files, erase))
    SECTIONS.sort(key=lambda s: s.order)


def sections() -> list[Section]:
    return list(SECTIONS)


# The core's own part: a person's calendar addresses.


def _iso(value):
    return value.isoformat() if value is not None else None


def _calendar_feeds(user):
    return [
        {
            "center": feed.center.name_zh,
            "created": _iso(feed.created_at),
            "revoked": _iso(feed.revoked_at),
        }
        for feed in CalendarFeed.objects.filter(user=user).select_related("center")
    ]


def _erase_calendar_feeds(user):
    # An address shows where the person will be; an erased person keeps none.
    CalendarFeed.objects.filter(user=user).delete()


register_personal_data(
    "calendar_feeds", order=10, export=_calendar_feeds, erase=_erase_calendar_feeds
)
