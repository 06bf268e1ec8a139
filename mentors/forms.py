"""Forms of mentors and pairings."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentors.models import (
    FaceToFaceActivity,
    Goal,
    Language,
    MentoringSession,
    MentorProfile,
    MentorSettings,
    QueueTicket,
    split_tags,
)
from mentorship.models import University


class MentorProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["zh"],
    )

    class Meta:
        model = MentorProfile
        fields = [
            "kind",
            "title",
            "organization",
            "industry_tags",
            "expertise_tags",
            "majors",
            "languages",
            "bio",
            "offers_pairing",
            "offers_talks",
            "offers_consultations",
            "offers_judging",
            "capacity",
            "accepting",
            "phone",
            "contact_email",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "phone": _("Shown only to students in an active pairing with you."),
            "contact_email": _("Shown only to students in an active pairing with you."),
        }

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None and instance.pk:
            self.initial["languages"] = instance.language_codes()
            for name in ("industry_tags", "expertise_tags", "majors"):
                self.initial[name] = ", ".join(split_tags(getattr(instance, name)))

    def clean_languages(self):
        return ",".join(self.cleaned_data["languages"])

    def _tags(self, name):
        return ",".join(split_tags(self.cleaned_data.get(name, "")))

    def clean_industry_tags(self):
        return self._tags("industry_tags")

    def clean_expertise_tags(self):
        return self._tags("expertise_tags")

    def clean_majors(self):
        return self._tags("majors")


class MentorSettingsForm(forms.ModelForm):
    class Meta:
        model = MentorSettings
        fields = [
            "response_days",
            "weight_major",
            "weight_tags",
            "weight_language",
            "weight_capacity",
            "weight_feedback",
        ]


class MentorFilterForm(forms.Form):
    q = forms.CharField(label=_("Industry, expertise or name"), required=False, max_length=60)
    kind = forms.ChoiceField(
        label=pgettext_lazy("mentor", "Kind"),
        required=False,
        choices=[("", _("All")), *list(MentorProfile.Kind.choices)],
    )
    offer = forms.ChoiceField(
        label=_("Offers"),
        required=False,
        choices=[
            ("", _("Anything")),
            ("pairing", _("Pairing")),
            ("talks", _("Talks")),
            ("consultations", _("Consultations")),
            ("judging", _("Judging")),
        ],
    )


class RequestForm(forms.Form):
    """Up to three mentors in order of preference, and why."""

    first = forms.TypedChoiceField(label=_("First choice"), coerce=int)
    second = forms.TypedChoiceField(label=_("Second choice"), coerce=int, required=False)
    third = forms.TypedChoiceField(label=_("Third choice"), coerce=int, required=False)
    reason = forms.CharField(
        label=_("What would you like a mentor to help you with?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, approvals, **kwargs):
        super().__init__(*args, **kwargs)
        self.approvals = {a.pk: a for a in approvals}
        options = [
            (a.pk, f"{a.profile} · {a.profile.title} · {a.profile.organization}") for a in approvals
        ]
        self.fields["first"].choices = [("", _("Choose a mentor")), *options]
        for name in ("second", "third"):
            self.fields[name].choices = [("", _("None")), *options]
            self.fields[name].empty_value = None

    def chosen(self) -> list:
        picks = [self.cleaned_data.get(n) for n in ("first", "second", "third")]
        return [self.approvals[pk] for pk in picks if pk]


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("A word to the student (optional)"), max_length=300, required=False
    )


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title"]


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices)


class SessionForm(forms.ModelForm):
    class Meta:
        model = MentoringSession
        fields = ["held_on", "duration_minutes", "mode", "topic", "notes", "next_steps"]
        widgets = {
            "held_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["duration_minutes"].initial = 60


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the session? (1–5)"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    working = forms.TypedChoiceField(
        label=_("Is this pairing working?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )


class CloseForm(forms.Form):
    completed = forms.TypedChoiceField(
        label=_("How did the pairing end?"),
        coerce=lambda v: v == "completed",
        choices=[("completed", _("Completed")), ("ended_early", _("Ended early"))],
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(
        label=_("Closing summary"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Your closing summary"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note to the mentor"), max_length=300, required=False)


class AssignForm(forms.Form):
    """A coordinator pairs a student with a mentor; re-pairing keeps the student fixed."""

    student = forms.EmailField(label=_("The student's email address"))
    mentor = forms.TypedChoiceField(label=pgettext_lazy("mentor kind", "Mentor"), coerce=int)
    note = forms.CharField(
        label=_("A word to both (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, approvals, fixed_student=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.approvals = {a.pk: a for a in approvals}
        self.fields["mentor"].choices = [
            ("", _("Choose a mentor")),
            *(
                (a.pk, f"{a.profile} · {a.profile.organization} · {a.profile.free_places}")
                for a in approvals
            ),
        ]
        if fixed_student is not None:
            del self.fields["student"]

    def chosen(self):
        return self.approvals[self.cleaned_data["mentor"]]


# Face-to-face activities


class ActivityForm(forms.ModelForm):
    mentors = forms.MultipleChoiceField(
        label=_("Mentors on the panel"), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = FaceToFaceActivity
        fields = ["title", "venue", "starts_at", "ends_at", "minutes_per_consultation"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}
            ),
            "ends_at": forms.DateTimeInput(
                format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}
            ),
        }

    def __init__(self, *args, approvals, **kwargs):
        super().__init__(*args, **kwargs)
        self.approvals = {str(a.pk): a for a in approvals}
        self.fields["mentors"].choices = [
            (str(a.pk), f"{a.profile.user.get_full_name()} · {a.profile.title}") for a in approvals
        ]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The activity must end after it starts."))
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["approvals"] = [self.approvals[pk] for pk in self.cleaned_data["mentors"]]
        return data


class SlotsForm(forms.Form):
    first_start = forms.DateTimeField(
        label=_("First slot starts"),
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
    )
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=20, initial=4)
    length_minutes = forms.IntegerField(
        label=_("Minutes per slot"), min_value=5, max_value=120, initial=20
    )
    buffer_minutes = forms.IntegerField(
        label=_("Minutes between slots"), min_value=0, max_value=60, initial=5
    )
    notice_hours = forms.IntegerField(
        label=_("Booking and cancelling closes (hours before)"),
        min_value=0,
        max_value=72,
        initial=2,
    )


class DoorEntryForm(forms.Form):
    code = forms.CharField(
        label=_("Door code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}
        ),
        help_text=_("The six letters and digits on the poster at the door."),
    )


class TakeNumberForm(forms.Form):
    seat = forms.ChoiceField(label=_("Mentor"), widget=forms.RadioSelect)

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats = {str(s.pk): s for s in seats}
        self.fields["seat"].choices = [
            (str(s.pk), f"{s.mentor.user.get_full_name()} · {s.mentor.title}") for s in seats
        ]
        if len(seats) == 1:
            self.fields["seat"].initial = str(seats[0].pk)

    def chosen(self):
        return self.seats[self.cleaned_data["seat"]]


class FinishForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (QueueTicket.Status.DONE, pgettext_lazy("consultation", "Done")),
            (QueueTicket.Status.NOT_HERE, _("Not here")),
        ]
    )
    note = forms.CharField(
        label=_("Note (two lines)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# Batch matches


class BatchForm(forms.Form):
    """The cohort of a new batch: the center's waiting students, narrowed if wanted."""

    university = forms.ModelChoiceField(
        label=_("University"), queryset=University.objects.none(), required=False
    )
    graduation_year = forms.IntegerField(
        label=_("Graduation year"), min_value=2000, max_value=2100, required=False
    )
    major = forms.CharField(label=_("Major (a part of its name)"), max_length=80, required=False)

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["university"].queryset = University.objects.filter(center=center).order_by("pk")


class ProposalMentorForm(forms.Form):
    mentor = forms.IntegerField(label=pgettext_lazy("mentor kind", "Mentor"), min_value=1)
