"""What the audit trail's verbs mean in words: each app registers the verbs it writes.

The core never imports an app. An app calls `register_audit_verbs` from its
AppConfig.ready() (through its `audit_verbs` module) with, for one kind of object, each
verb's short label and its sentence, and the labels of the keys it records in `before` /
`after` that are not fields of that model. Model fields need no registration: their
verbose_name, choices and type come from the model named by the entry's `target_type`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AuditField:
    """How one recorded key reads: its label, and how to show a stored value (optional).

    `hidden` keys are internal references (a row's id) that mean nothing to a reader.
    """

    label: Any = ""
    show: Callable[[Any], str] | None = None
    hidden: bool = False


HIDDEN = AuditField(hidden=True)


@dataclass(frozen=True)
class AuditVerb:
    name: str
    # Short, for the "what" filter: "Student verified".
    label: Any
    # A lazy translation with %(actor)s and %(target)s: "%(actor)s verified the student %(target)s".
    sentence: Any
    group: Any
    model_label: str
    fields: Mapping[str, AuditField] = field(default_factory=dict)


AUDIT_VERBS: dict[str, AuditVerb] = {}
# Model labels ("bases.trainingbase") of the objects verbs are written about, with the group
# label, for the "object" filter.
AUDIT_TARGETS: dict[str, Any] = {}


def register_audit_verbs(
    *,
    group,
    verbs: Mapping[str, tuple],
    model=None,
    fields: Mapping[str, AuditField | Any] | None = None,
) -> None:
    """Register verbs about one kind of object.

    `verbs` maps each verb to (label, sentence); `model` is the target's model class or its
    label ("students.studentprofile"), None when the verb names no object; `fields` gives the
    keys that are not fields of that model a label (or an AuditField).
    """
    model_label = model if isinstance(model, str) or model is None else model._meta.label_lower
    specs = {
        key: spec if isinstance(spec, AuditField) else AuditField(label=spec)
        for key, spec in (fields or {}).items()
    }
    for name, (label, sentence) in verbs.items():
        AUDIT_VERBS[name] = AuditVerb(name, label, sentence, group, model_label or "", specs)
    if model_label:
        AUDIT_TARGETS.setdefault(model_label, group)


def verb_choices() -> list:
    """The registered verbs grouped by object, for a select with option groups."""
    groups: dict[str, list] = {}
    labels = {}
    for verb in AUDIT_VERBS.values():
        key = str(verb.group)
        labels[key] = verb.group
        groups.setdefault(key, []).append((verb.name, verb.label))
    return [
        (labels[key], sorted(options, key=lambda option: str(option[1])))
        for key, options in sorted(groups.items())
    ]
