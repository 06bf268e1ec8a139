"""Forms of calls, projects, teams and judging."""

import itertools

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from mentorship.form_fields import RowsField
from mentorship.models import ServiceCenter, User
from mentorship.uploads import clean_upload
from projects.models import SCORE_MAX, SCORE_MIN, Category, Conflict, Project, ProjectCall, Round

LOCAL = "%Y-%m-%dT%H:%M"


class CallForm(forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ProjectCall
        fields = ["title", "description", "categories", "team_min", "team_max", "notice_days"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "name",
            "deadline",
            "advance_count",
            "reviews_per_submission",
            "blind",
            "others_scores",
        ]
        widgets = {"deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL)}


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Criterion"), max_length=100)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "category",
            "stage",
            "problem",
            "solution",
            "market",
            "pitch_deck",
            "video_url",
            "advisor_name",
            "advisor_university",
            "publish_consent",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "solution": forms.Textarea(attrs={"rows": 4}),
            "market": forms.Textarea(attrs={"rows": 4}),
            "pitch_deck": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (code, label) for code, label in Category.choices if code in call.categories
        ]

    def clean_pitch_deck(self):
        upload = self.cleaned_data.get("pitch_deck")
        if upload and hasattr(upload, "content_type"):
            return clean_upload(upload, kinds=("pdf",))
        return None

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "pitch_deck"}
        return data | {"pitch_deck": self.cleaned_data.get("pitch_deck")}


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Teammate's email"))


class ConflictForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of conflict"), choices=Conflict.Kind.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RecuseForm(forms.Form):
    reason = forms.CharField(label=_("Why you recuse"), max_length=300)


class DecisionForm(forms.Form):
    justification = forms.CharField(
        label=_("Justification"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScoreForm(forms.Form):
    """One value and one comment per criterion of the round's rubric."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"value_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s (weight %(weight)s)")
                % {"criterion": criterion.name, "weight": criterion.weight},
                min_value=SCORE_MIN,
                max_value=SCORE_MAX,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def values(self) -> dict:
        return {
            c.pk: (self.cleaned_data[f"value_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }


class OutcomeForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the team"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    mentor = forms.ModelChoiceField(
        label=_("Incubation mentor"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if mentors is not None:
            self.fields["mentor"].queryset = mentors
        else:
            del self.fields["mentor"]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class NoticeForm(forms.Form):
    days = forms.IntegerField(label=_("Days on public notice"), min_value=1, max_value=30)


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Your objection"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what is wrong with the project; the center's staff answer you."),
    )
    evidence = forms.FileField(
        label=_("Evidence (PDF, JPEG or PNG, optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload and hasattr(upload, "content_type"):
            return clean_upload(upload, kinds=("pdf", "jpeg", "png"))
        return None


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the objector"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


def _lines(text: str) -> list[list[str]]:
    return [
        [part.strip() for part in line.split(";")] for line in text.splitlines() if line.strip()
    ]


class ProgramCallForm(forms.Form):
    """A program-wide call: the centers that take part, and the rounds and rubric each of
    their calls starts with."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=5000, widget=forms.Textarea)
    categories = forms.MultipleChoiceField(
        label=_("Categories"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    centers = RowsField(
        label=_("Service centers taking part"),
        queryset=ServiceCenter.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    rounds = forms.CharField(
        label=_("Rounds"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One round a line: name; deadline (YYYY-MM-DD HH:MM); projects that advance."),
    )
    rubric = forms.CharField(
        label=_("Rubric of each round"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One criterion a line: name; weight (1–100)."),
    )

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centers"].queryset = centers

    def clean_rounds(self) -> list[dict]:
        found = []
        for parts in _lines(self.cleaned_data["rounds"]):
            try:
                deadline = parse_datetime(parts[1]) if len(parts) == 3 else None
            except ValueError:
                deadline = None
            if not (deadline and parts[0] and parts[2].isdigit() and int(parts[2]) >= 1):
                raise forms.ValidationError(_("Write each round as: name; 2027-05-01 18:00; 10"))
            found.append(
                {
                    "name": parts[0][:100],
                    "deadline": timezone.make_aware(deadline)
                    if timezone.is_naive(deadline)
                    else deadline,
                    "advance_count": int(parts[2]),
                    "reviews_per_submission": 3,
                    "blind": False,
                    "others_scores": Round.Visibility.AFTER_OWN,
                }
            )
        if any(a["deadline"] >= b["deadline"] for a, b in itertools.pairwise(found)):
            raise forms.ValidationError(_("Each round's deadline comes after the one before."))
        return found

    def clean_rubric(self) -> list[tuple[str, int]]:
        found = []
        for parts in _lines(self.cleaned_data["rubric"]):
            if not (len(parts) == 2 and parts[0] and parts[1].isdigit()):
                raise forms.ValidationError(_("Write each criterion as: name; weight"))
            if not 1 <= int(parts[1]) <= 100:
                raise forms.ValidationError(_("A weight is between 1 and 100."))
            found.append((parts[0][:100], int(parts[1])))
        return found
