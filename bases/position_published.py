"""What apps built on bases do when a position opens to students (the students app alerts
those whose saved searches it matches).

The bases app knows nothing of students; a handler registered here is called inside the
publishing transaction, after the position is open, and defers its own work until commit.
"""

from collections.abc import Callable

HANDLERS: dict[str, Callable] = {}


def register_position_published(name: str):
    """Register `handler(*, center, position)` under `name` (registering again replaces it)."""

    def decorator(handler):
        HANDLERS[name] = handler
        return handler

    return decorator


def position_published(*, center, position) -> None:
    for handler in HANDLERS.values():
        handler(center=center, position=position)
