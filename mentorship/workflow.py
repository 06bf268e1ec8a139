"""Shared pieces of the workflow services: refused transitions with a message for people,
and the one way a row moves from one state to the next."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mentorship.audit import audit, audit_value


class TransitionError(ValidationError):
    """A state change that the workflow does not allow; its message is shown to the user."""


def ensure_transition(obj, *, to, allowed: dict, field: str = "status") -> None:
    """Refuse moving `obj` from its current state to `to` unless `allowed` lists it."""
    current = getattr(obj, field)
    if to not in allowed.get(current, ()):
        raise TransitionError(
            _("This cannot be done while the state is “%(state)s”.")
            % {"state": getattr(obj, f"get_{field}_display")()}
        )


def transition(
    obj,
    *,
    to,
    allowed: dict,
    center,
    actor,
    verb: str,
    field: str = "status",
    changes: dict | None = None,
    before: dict | None = None,
    after: dict | None = None,
):
    """Move `obj`, which the caller has locked, to the state `to` and audit it.

    Checks the transition, sets the state and the other `changes`, saves only those fields
    (and `updated_at` when the model has it), and writes one audit entry with the state
    and every changed field before and after, plus the caller's `before`/`after` facts.
    Notifications stay with the caller: who hears what is each workflow's own business.
    """
    ensure_transition(obj, to=to, allowed=allowed, field=field)
    changes = {field: to, **(changes or {})}
    old = {key: getattr(obj, key) for key in changes}
    for key, value in changes.items():
        setattr(obj, key, value)
    fields = list(changes)
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        fields.append("updated_at")
    obj.save(update_fields=fields)
    audit(
        center=center,
        actor=actor,
        verb=verb,
        target=obj,
        before={**{k: audit_value(v) for k, v in old.items()}, **(before or {})},
        after={**{k: audit_value(v) for k, v in changes.items()}, **(after or {})},
    )
    return obj
