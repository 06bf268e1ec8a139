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
