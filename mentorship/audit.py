"""The append-only audit trail: every state change of a workflow writes one entry here."""

from contextvars import ContextVar

from mentorship.models import AuditEntry

# Set by RequestContextMiddleware so services record the IP without taking the request.
current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def audit(*, center, actor, verb: str, target=None, before=None, after=None) -> AuditEntry:
    """Record that `actor` did `verb` to `target` in `center` (None for program-wide)."""
    entry = AuditEntry(
        center=center,
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        before=before or {},
        after=after or {},
        ip_address=current_ip.get(),
    )
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    entry.save()
    return entry


def audit_value(value):
    """Audit entries are JSON: a row is stored by its key, dates and money as their text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def field_diff(before: dict, after: dict) -> tuple[dict, dict]:
    """The fields whose value changed, before and after, as audit values."""
    changed = [key for key in after if audit_value(before.get(key)) != audit_value(after[key])]
    return (
        {key: audit_value(before.get(key)) for key in changed},
        {key: audit_value(after[key]) for key in changed},
    )
