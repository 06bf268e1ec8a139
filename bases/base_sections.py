"""Sections that apps built on bases add to a base's page (its outcomes, from the figures).

The bases app knows nothing of placements; an app registers a template and a function that
gives its context, and the base's page shows the section to the base's staff and the bureau.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BaseSection:
    template: str
    # context(center=, base=) -> dict, or None to leave the section out.
    context: Callable
    order: int = 100


SECTIONS: dict[str, BaseSection] = {}


def register_base_section(name: str, *, template: str, order: int = 100):
    """Register `context(*, center, base) -> dict | None` as the section `name`."""

    def decorator(context):
        SECTIONS[name] = BaseSection(template=template, context=context, order=order)
        return context

    return decorator


def base_sections(*, center, base) -> list[tuple[str, dict]]:
    """(template, context) of each registered section that has something to show."""
    found = []
    for section in sorted(SECTIONS.values(), key=lambda s: s.order):
        context = section.context(center=center, base=base)
        if context is not None:
            found.append((section.template, context))
    return found
