"""Forms of events."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bases.models import Enterprise, Position, TrainingBase
from events.models import Event, EventSession, EventSettings
from mentorship.form_fields import RowsField
from mentorship.models import Report, ServiceCenter, University
from students.models import StudentProfile


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,，、;；\n]+", text or "") if part.strip()]


class EventForm(forms.ModelForm):
    eligible_universities = RowsField(
        label=_("Universities admitted"),
        queryset=University.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every university."),
    )
    eligible_graduation_years = forms.CharField(
        label=_("Graduation years admitted"),
        required=False,
        max_length=100,
        help_text=_("E.g. 2026, 2027. Empty: every year."),
    )
    eligible_majors = forms.CharField(
        label=_("Majors admitted"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas; a major matches when its name holds one. Empty: all."),
    )
    eligible_degrees = forms.MultipleChoiceField(
        label=_("Degrees admitted"),
        choices=StudentProfile.Degree.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every degree."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "location",
            "capacity",
            "cancel_until",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "cancel_until": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eligible_universities"].queryset = University.objects.filter(center=center)
        event = self.instance
        if event.pk and not self.is_bound:
            self.initial["eligible_universities"] = list(
                event.eligible_universities.values_list("pk", flat=True)
            )
            self.initial["eligible_graduation_years"] = ", ".join(
                str(y) for y in event.eligible_graduation_years
            )
            self.initial["eligible_majors"] = ", ".join(event.eligible_majors)
            self.initial["eligible_degrees"] = event.eligible_degrees

    def clean_eligible_graduation_years(self):
        years = []
        for part in _split(self.cleaned_data["eligible_graduation_years"]):
            if not part.isdigit() or not 2000 <= int(part) <= 2040:
                raise forms.ValidationError(_("Write years from 2000 to 2040, e.g. 2026, 2027."))
            years.append(int(part))
        return sorted(set(years))

    def clean_eligible_majors(self):
        return [m[:80] for m in _split(self.cleaned_data["eligible_majors"])][:30]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        cut_off = cleaned.get("cancel_until")
        if starts and cut_off and cut_off > starts:
            self.add_error("cancel_until", _("The cut-off cannot be after the start."))
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["eligible_universities"] = list(self.cleaned_data["eligible_universities"])
        for name in ("eligible_graduation_years", "eligible_majors", "eligible_degrees"):
            data[name] = list(self.cleaned_data[name])
        return data


class EventSessionForm(forms.ModelForm):
    class Meta:
        model = EventSession
        fields = ["title", "starts_at", "ends_at", "capacity"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The session must end after it starts."))
        return cleaned


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class DoorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}
        ),
    )
    gate = forms.CharField(label=_("Gate"), max_length=40, required=False)


class DoorSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=50, required=False)


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name of the walk-in"), max_length=100)
    gate = forms.CharField(label=_("Gate"), max_length=40, required=False)


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, f"{'★' * n} {n}") for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=pgettext_lazy("event review", "Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DoorStaffForm(forms.Form):
    email = forms.EmailField(label=_("Email of a member of this service center"))


class EventSettingsForm(forms.ModelForm):
    class Meta:
        model = EventSettings
        fields = ["offer_hold_hours"]


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("Format"), choices=Report.Format.choices, initial=Report.Format.XLSX
    )


class BoothApplyForm(forms.Form):
    """What an enterprise's representative asks for: a booth, its positions, its openings."""

    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none())
    positions = RowsField(
        label=_("Positions recruited for at the booth"),
        queryset=Position.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your open positions in this center; students apply to them from the booth."),
    )
    openings = forms.IntegerField(
        label=_("Openings offered at the fair"), min_value=1, max_value=1000, initial=5
    )
    note = forms.CharField(
        label=pgettext_lazy("fair booth", "Note"),
        required=False,
        max_length=300,
        help_text=_("E.g. what you need at the booth."),
    )

    def __init__(self, *args, enterprises, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["positions"].queryset = positions
        self.fields["positions"].label_from_instance = lambda p: f"{p.title} · {p.base.enterprise}"
        if len(enterprises) == 1:
            self.fields["enterprise"].initial = enterprises[0].pk


class BoothDecideForm(forms.Form):
    number = forms.CharField(
        label=pgettext_lazy("fair booth", "Booth number"),
        required=False,
        max_length=8,
        help_text=_("A row letter and a number, e.g. A12."),
    )
    reason = forms.CharField(label=_("Reason for declining"), required=False, max_length=300)


class SpeakerForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Mentor"), queryset=None)
    talk_title = forms.CharField(label=_("Talk title"), max_length=150)

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = mentors
        self.fields["user"].label_from_instance = lambda user: user.get_full_name() or user.email


class CoOrganizersForm(forms.Form):
    universities = RowsField(
        label=_("Co-organizing universities"),
        queryset=University.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["universities"].queryset = University.objects.filter(center=center)


class PartnerInviteForm(forms.Form):
    """Another active service center, invited to co-organize an event."""

    partner = forms.ModelChoiceField(
        label=_("Service center to invite"), queryset=ServiceCenter.objects.none()
    )

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = (
            ServiceCenter.objects.filter(status=ServiceCenter.Status.ACTIVE)
            .exclude(pk=center.pk)
            .order_by("slug")
        )


class PartnerAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )


class HostForm(forms.Form):
    base = forms.ModelChoiceField(
        label=_("Host: a workplace-experience base"), queryset=None, required=False
    )

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = (
            TrainingBase.objects.filter(
                center=center,
                kind=TrainingBase.Kind.WORKPLACE,
                status=TrainingBase.Status.RECOGNIZED,
            )
            .select_related("enterprise")
            .order_by("pk")
        )
        self.fields["base"].label_from_instance = lambda base: str(base.enterprise)
