"""Shared pieces of the workflow services: refused transitions with a message for people."""

from django.core.exceptions import ValidationError


class TransitionError(ValidationError):
    """A state change that the workflow does not allow; its message is shown to the user."""


def ensure_transition(obj, *, to, allowed: dict, field: str = "status") -> None:
    """Refuse moving `obj` from its current state to `to` unless `allowed` lists it."""
    current = getattr(obj, field)
    if to not in allowed.get(current, ()):
        from django.utils.translation import gettext as _

        raise TransitionError(
            _("This cannot be done while the state is “%(state)s”.")
            % {"state": getattr(obj, f"get_{field}_display")()}
        )
