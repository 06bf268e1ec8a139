"""An audit entry as a reader sees it: a sentence, and each recorded field before → after.

Only what the entry stores is shown: the actor's name, the object's name as it was
recorded, and the recorded values. Nothing is looked up on the live rows it names.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from mentorship.audit_registry import AUDIT_TARGETS, AUDIT_VERBS, AuditField

EMPTY = "—"
# Dates are stored as their ISO text; a value of exactly that shape reads as a date.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


@dataclass
class Change:
    label: str
    before: str | None  # None: the key was not recorded before
    after: str | None


@dataclass
class AuditLine:
    entry: object
    sentence: str  # HTML, names escaped and emphasized
    text: str  # the same sentence as plain text, for exports
    what: str  # the verb's short label
    known: bool
    changes: list[Change]

    def changes_text(self) -> str:
        return "; ".join(_change_text(change) for change in self.changes)


def _change_text(change: Change) -> str:
    if change.before is None:
        return f"{change.label}: {change.after}"
    return f"{change.label}: {change.before} → {change.after or EMPTY}"


def model_for(label: str):
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def target_type_label(label: str) -> str:
    model = model_for(label)
    return str(model._meta.verbose_name) if model else label


def target_type_choices() -> list:
    choices = [(label, target_type_label(label)) for label in AUDIT_TARGETS]
    return sorted(choices, key=lambda choice: choice[1])


def actor_name(entry) -> str:
    return str(entry.actor) if entry.actor_id and entry.actor else _("The portal")


def describe(entry) -> AuditLine:
    verb = AUDIT_VERBS.get(entry.verb)
    actor = actor_name(entry)
    target = entry.target_repr or (
        target_type_label(entry.target_type) if entry.target_type else ""
    )
    if verb is not None:
        template, what = str(verb.sentence), str(verb.label)
    elif target:
        template, what = _("%(actor)s changed %(target)s"), _("Other change")
    else:
        template, what = _("%(actor)s made a change"), _("Other change")
    values = {"actor": actor, "target": target or EMPTY}
    html = conditional_escape(template) % {
        key: format_html('<strong class="audit-{}">{}</strong>', key, value)
        for key, value in values.items()
    }
    return AuditLine(
        entry=entry,
        # The template and every value in it are escaped above.
        sentence=mark_safe(html),
        text=template % values,
        what=what,
        known=verb is not None,
        changes=changes(entry, verb),
    )


def changes(entry, verb=None) -> list[Change]:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    specs = verb.fields if verb else {}
    model = model_for(verb.model_label if verb and verb.model_label else entry.target_type)
    rows = []
    for key in [*before, *(k for k in after if k not in before)]:
        spec = specs.get(key)
        field = _model_field(model, key)
        if (spec and spec.hidden) or (spec is None and _is_reference(field)):
            continue
        label = _label(key, spec, field)
        shown_before = show_value(before[key], spec, field) if key in before else None
        shown_after = show_value(after[key], spec, field) if key in after else EMPTY
        if shown_before is None and shown_after == EMPTY:
            continue  # recorded empty, and nothing before: nothing to read
        rows.append(Change(label, shown_before, shown_after))
    return rows


def _model_field(model, key):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _is_reference(field) -> bool:
    return field is not None and (field.is_relation or field.primary_key)


def _label(key: str, spec: AuditField | None, field) -> str:
    if spec and spec.label:
        return str(spec.label)
    if field is not None and getattr(field, "verbose_name", None):
        text = str(field.verbose_name)
        return text[:1].upper() + text[1:]
    return key.replace("_", " ").capitalize()


def show_value(value, spec: AuditField | None = None, field=None) -> str:
    """A stored value as words: choices by their label, dates formatted, yes/no, lists."""
    if spec and spec.show:
        return str(spec.show(value))
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if field is not None and getattr(field, "flatchoices", None):
        labels = {str(k): v for k, v in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(field, models.BooleanField) or isinstance(value, bool):
        return _yes_no(value)
    if isinstance(field, models.DateTimeField) or isinstance(value, datetime):
        return _datetime(value)
    if isinstance(field, models.DateField) or isinstance(value, date):
        return _date(value)
    if isinstance(value, list | tuple):
        return ", ".join(show_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show_value(v)}" for k, v in value.items() if v not in ("", None))
    if isinstance(value, str) and ISO_DATETIME.match(value):
        return _datetime(value)
    if isinstance(value, str) and ISO_DATE.match(value):
        return _date(value)
    if isinstance(value, int | float | Decimal):
        return number_format(value, force_grouping=True)
    return str(value)


def _yes_no(value) -> str:
    if isinstance(value, str):
        value = value.lower() in ("true", "1", "yes")
    return _("yes") if value else _("no")


def _datetime(value) -> str:
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None:
        return _date(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{date_format(moment, 'DATE_FORMAT')} {moment:%H:%M}"


def _date(value) -> str:
    day = value if isinstance(value, date) else None
    if day is None:
        try:
            day = parse_date(str(value))
        except ValueError:
            day = None
    return date_format(day, "DATE_FORMAT") if day else str(value)
