"""Counts that apps built on bases add to positions (applicants, from the students app).

The bases app knows nothing of applications; an app registers an annotation here and the
base's position pages show it, counted in the same query as the positions.
"""

from collections.abc import Callable

COUNTS: dict[str, Callable] = {}


def register_position_count(name: str):
    """Register `expression() -> aggregate` as the annotation `name` of positions."""

    def decorator(expression):
        COUNTS[name] = expression
        return expression

    return decorator


def position_counts() -> dict:
    return {name: expression() for name, expression in COUNTS.items()}
