"""Filters of the audit trail: who, what, which object, which days (Asia/Shanghai).

The same plain filters drive the page and the export task, so they are JSON values.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship.audit_display import target_type_choices
from mentorship.audit_registry import AUDIT_VERBS, verb_choices
from mentorship.models import AuditEntry, ServiceCenter, User

PROGRAM_WIDE = "program"
FILTER_KEYS = ("who", "what", "object_type", "object", "date_from", "date_to", "center")


class AuditFilterForm(forms.Form):
    who = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name or email")}),
    )
    what = forms.ChoiceField(label=_("What"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of object"), required=False)
    object = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name or number")}),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, program_wide: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = [("", _("Everything")), *verb_choices()]
        self.fields["object_type"].choices = [("", _("Any kind")), *target_type_choices()]
        if program_wide:
            self.fields["center"] = forms.ChoiceField(
                label=_("Service center"),
                required=False,
                choices=[
                    ("", _("All centers")),
                    (PROGRAM_WIDE, _("Program-wide only")),
                    *[(str(c.pk), str(c)) for c in ServiceCenter.objects.order_by("slug")],
                ],
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The last day cannot be before the first day."))
        return data

    def filters(self) -> dict:
        """The valid filters as plain values; a field typed wrong is left out (and shown
        with its message), the others still filter."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        plain = {}
        for key in FILTER_KEYS:
            value = data.get(key)
            if isinstance(value, date):
                value = value.isoformat()
            if value:
                plain[key] = value.strip()
        return plain


def _day_start(day: str) -> datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(date.fromisoformat(day), time.min, tzinfo=zone)


def filter_entries(queryset, filters: dict):
    """Apply plain filters (as `AuditFilterForm.filters` gives them) to audit entries."""
    if who := filters.get("who"):
        people = User.objects.filter(Q(name__icontains=who) | Q(email__icontains=who))
        queryset = queryset.filter(actor__in=people.values("pk"))
    if (what := filters.get("what")) and what in AUDIT_VERBS:
        queryset = queryset.filter(verb=what)
    if kind := filters.get("object_type"):
        queryset = queryset.filter(target_type=kind)
    if text := filters.get("object"):
        match = Q(target_repr__icontains=text)
        if text.isdigit():
            match |= Q(target_id=text)
        queryset = queryset.filter(match)
    if start := filters.get("date_from"):
        queryset = queryset.filter(created_at__gte=_day_start(start))
    if end := filters.get("date_to"):
        queryset = queryset.filter(created_at__lt=_day_start(end) + timedelta(days=1))
    if center := filters.get("center"):
        if center == PROGRAM_WIDE:
            queryset = queryset.filter(center__isnull=True)
        elif center.isdigit():
            queryset = queryset.filter(center_id=int(center))
    return queryset


def center_entries(*, center, filters: dict):
    entries = AuditEntry.objects.filter(center=center).select_related("actor")
    return filter_entries(entries, {k: v for k, v in filters.items() if k != "center"})


def program_entries(*, filters: dict):
    """Every center's entries: callers read them inside `program_scope`."""
    return filter_entries(AuditEntry.objects.select_related("actor", "center"), filters)


def row_history(*, center, target):
    """Everything done to one row of the center, oldest first: the History block of a case
    page (a base's application, a subsidy claim)."""
    return (
        AuditEntry.objects.filter(
            center=center, target_type=target._meta.label_lower, target_id=str(target.pk)
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
