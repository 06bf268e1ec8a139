"""Forms of the students app: they check input and hand clean data to the services."""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.form_fields import FastSelect
from mentorship.models import Report, University
from mentorship.selectors import listed_centers
from mentorship.uploads import (
    clean_upload,
    discard_pending_upload,
    keep_pending_upload,
    pending_upload,
)
from students.models import Application, Interview, Placement, SavedSearch, StudentProfile
from students.selectors import SORTS
from students.services.applications import ENTERPRISE_TRANSITIONS
from students.services.profiles import STUDENT_NUMBER_TAKEN


class UniversityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


# The page's hidden field naming a résumé kept from a refused try.
KEPT_RESUME_FIELD = "kept_resume"


class StudentProfileForm(forms.ModelForm):
    """The student's own profile. The résumé is optional here (an earlier one stays) but
    needed to apply."""

    # Declared here: the default queryset would be read when the class is built, outside any
    # center scope; the real one (this center's universities) is set per form.
    university = UniversityChoiceField(label=_("University"), queryset=None)
    resume = forms.FileField(
        label=_("Résumé (PDF)"),
        required=False,
        help_text=_(
            "A PDF file of at most 5 MB, needed to apply. Leave empty to keep your current one."
        ),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    class Meta:
        model = StudentProfile
        fields = [
            "university",
            "major",
            "degree",
            "graduation_year",
            "student_number",
            "phone",
            "skills",
        ]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "graduation_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "skills": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "phone": _("11 digits, e.g. 13812345678."),
            "skills": _("Languages, software, certificates, projects…"),
        }

    def __init__(self, *args, center, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.center = center
        # Whose résumé a kept upload may be (see keep_resume).
        self.owner = owner
        self.kept_resume = None
        # Only the universities of this service center (the scope filters them anyway).
        self.fields["university"].queryset = University.objects.filter(center=center).order_by("pk")
        # What an application needs is asked for here too; only the résumé may follow
        # later (an earlier one stays when none is sent), and applying checks for it.
        for name in StudentProfile.REQUIRED_FOR_APPLYING:
            if name in self.fields and name != "resume":
                self.fields[name].required = True
        self.fields["graduation_year"].widget.attrs.update({"min": 2000, "max": 2040})

    def clean_phone(self):
        # People type spaces, dashes and the country code; store the bare 11 digits.
        phone = re.sub(r"[\s\-()]", "", self.cleaned_data["phone"])
        if phone.startswith("+86"):
            phone = phone[3:]
        elif phone.startswith("0086"):
            phone = phone[4:]
        return phone

    def clean_student_number(self):
        return self.cleaned_data["student_number"].strip()

    def clean_resume(self):
        upload = self.cleaned_data.get("resume")
        # The one kept from a refused try, if any: it stays until another passes its checks.
        self.kept_resume = self._kept_resume_from_page()
        if not upload:
            return None
        # By content and size, not by name: a text file called cv.pdf is refused.
        upload = clean_upload(upload, kinds=("pdf",))
        if self.kept_resume:
            discard_pending_upload(self.kept_resume)
            self.kept_resume = None
        return upload

    def _kept_resume_from_page(self):
        token = self.data.get(KEPT_RESUME_FIELD, "") if self.is_bound else ""
        if not token or self.owner is None:
            return None
        return pending_upload(token, owner=self.owner, purpose=self._purpose())

    def _purpose(self) -> str:
        return f"student-resume:{self.center.pk}"

    def resume_file(self):
        """The résumé to save: the one chosen now, or the one kept from a refused try."""
        if self.cleaned_data.get("resume"):
            return self.cleaned_data["resume"]
        return self.kept_resume.open() if self.kept_resume else None

    def keep_resume(self) -> None:
        """The form was refused: keep a résumé that passed its own checks for the next try."""
        upload = getattr(self, "cleaned_data", {}).get("resume")
        if upload and self.owner is not None and not self.has_error("resume"):
            self.kept_resume = keep_pending_upload(
                upload, owner=self.owner, purpose=self._purpose()
            )

    def forget_kept_resume(self) -> None:
        """Saved: the kept copy is no longer needed."""
        if self.kept_resume:
            discard_pending_upload(self.kept_resume)
            self.kept_resume = None

    def clean(self):
        cleaned = super().clean()
        university = cleaned.get("university")
        number = cleaned.get("student_number")
        if university and number:
            taken = (
                StudentProfile.objects.filter(university=university, student_number=number)
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if taken:
                self.add_error("student_number", STUDENT_NUMBER_TAKEN)
        return cleaned

    def validate_constraints(self):
        # The student-number constraint is checked in clean() with words a student
        # understands; the database constraint still guards against races.
        pass


class ApplyForm(forms.Form):
    cover_letter = forms.CharField(
        label=_("Cover letter (optional)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why this position, and what you bring to it."),
    )


def _stipend_choices():
    return [("", _("Any stipend"))] + [
        (str(n), _("at least ¥%(n)s a month") % {"n": f"{n:,}"})
        for n in (1000, 2000, 3000, 4000, 5000, 6000, 8000)
    ]


def _enterprise_filter(value: str | None) -> int | str | None:
    """A name to look for, or an enterprise's id (links from an enterprise's own page)."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return value or None


class PositionSearchForm(forms.Form):
    """The search box and filters; every field optional, bad values simply ignored."""

    q = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. 数据分析, Java, 市场营销")}
        ),
    )
    city = forms.ChoiceField(label=_("City"), required=False, widget=FastSelect)
    major = forms.CharField(label=_("Major"), required=False, max_length=80)
    duration = forms.TypedChoiceField(
        label=_("Duration"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=FastSelect,
        choices=[("", _("Any duration"))]
        + [(str(n), _("%(n)d months") % {"n": n}) for n in range(3, 7)],
    )
    # Type to search: a center has hundreds of enterprises, too many to list (the page
    # fills a datalist from `enterprise_suggest` as the student types).
    enterprise = forms.CharField(
        label=_("Enterprise"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "list": "enterprise-suggestions",
                "autocomplete": "off",
                "placeholder": _("Any enterprise"),
            }
        ),
    )
    min_stipend = forms.TypedChoiceField(
        label=_("Monthly stipend"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        widget=FastSelect,
        choices=[
            ("newest", _("Newest first")),
            ("stipend", _("Highest stipend")),
            ("deadline", _("Closing soonest")),
        ],
    )

    def __init__(self, *args, facets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].choices = [("", _("Any city"))] + [(c, c) for c in facets["cities"]]
        self.fields["min_stipend"].choices = _stipend_choices()

    def filters(self) -> dict:
        """The valid filters only: a stale or mistyped value drops out instead of failing."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return {
            "q": (data["q"] or "").strip(),
            "city": data["city"] or "",
            "major": (data["major"] or "").strip(),
            "duration": data["duration"],
            "enterprise": _enterprise_filter(data["enterprise"]),
            "min_stipend": data["min_stipend"],
            "sort": data["sort"] if data["sort"] in SORTS else "newest",
        }


STATUS_FILTER_CHOICES = [("", _("All states")), *Application.Status.choices]


class ApplicantFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("State"), required=False, choices=STATUS_FILTER_CHOICES)


class ApplicantMoveForm(forms.Form):
    """The enterprise's next step for one applicant; only the steps allowed from here."""

    to = forms.ChoiceField(label=_("Next step"))
    note = forms.CharField(
        label=_("Message to the student (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the interview time and place."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ENTERPRISE_TRANSITIONS.get(application.status, ())
        self.fields["to"].choices = [
            (value, label) for value, label in Application.Status.choices if value in allowed
        ]


class SupervisorForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["supervisor_name", "supervisor_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class CheckInForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Month"), coerce=date.fromisoformat)
    summary = forms.CharField(
        label=_("What I did and learned"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m.isoformat(), f"{m:%Y-%m}") for m in months]


RATING_CHOICES = [("", "—")] + [(str(n), "★" * n) for n in range(1, 6)]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), choices=RATING_CHOICES, coerce=int)
    text = forms.CharField(
        label=_("Comments"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(
        label=_("Ended on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terminated_on"].initial = timezone.localdate()


PLACEMENT_STATUS_CHOICES = [("", _("All states")), *Placement.Status.choices]


class PlacementFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("State"), required=False, choices=PLACEMENT_STATUS_CHOICES)


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, email or student number"), required=False, max_length=60)
    state = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[
            ("", _("All")),
            ("unverified", _("Not verified")),
            ("verified", pgettext_lazy("student", "Verified")),
        ],
    )


class SaveSearchForm(forms.Form):
    """Keep the search on the page under a name, with its alert."""

    name = forms.CharField(
        label=_("Name this search"),
        max_length=80,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Data internships in Hangzhou")}),
    )
    alert = forms.ChoiceField(
        label=_("Tell me about new positions"),
        choices=SavedSearch.Alert.choices,
        initial=SavedSearch.Alert.DAILY,
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the search a name."))
        return name


class SavedSearchEditForm(SaveSearchForm):
    """Rename a saved search or change its alert, from the list of saved searches."""

    def __init__(self, *args, saved_search, **kwargs):
        kwargs.setdefault("prefix", f"s{saved_search.pk}")
        kwargs.setdefault("initial", {"name": saved_search.name, "alert": saved_search.alert})
        super().__init__(*args, **kwargs)
        self.saved_search = saved_search
        self.fields["name"].label = _("Name")
        self.fields["alert"].label = _("Alert")


INTERVIEW_TIME_FIELDS = ("time_1", "time_2", "time_3")


def _time_field(label, required=False):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class InterviewProposeForm(forms.Form):
    """The enterprise's interview times (up to three), and where the interview happens."""

    mode = forms.ChoiceField(
        label=_("How"), choices=Interview.Mode.choices, widget=forms.RadioSelect
    )
    place = forms.CharField(
        label=_("Place (in person)"),
        required=False,
        max_length=200,
        help_text=_("Address, building and room."),
    )
    link = forms.URLField(label=_("Meeting link (online)"), required=False, max_length=300)
    time_1 = _time_field(_("First time"), required=True)
    time_2 = _time_field(_("Second time (optional)"))
    time_3 = _time_field(_("Third time (optional)"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=10, max_value=480, initial=45
    )
    note = forms.CharField(
        label=_("What the student should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def times(self) -> list:
        return [
            self.cleaned_data[name] for name in INTERVIEW_TIME_FIELDS if self.cleaned_data.get(name)
        ]


class InterviewChooseForm(forms.Form):
    slot = forms.TypedChoiceField(
        label=_("The time that suits me"), coerce=int, widget=forms.RadioSelect
    )

    def __init__(self, *args, interview, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [
            (slot.pk, timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M"))
            for slot in interview.slots.all()
        ]


class InterviewOtherTimesForm(forms.Form):
    message = forms.CharField(
        label=_("None of these times suits me"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Say which days and hours would suit you."),
    )


class InterviewCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, for the student (optional)"), required=False, max_length=500
    )


def _optional_day(label):
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class _ExportForm(forms.Form):
    """A report's file format and the filters a coordinator narrows it with; `params` is
    what the report reads (the filters given, as text)."""

    file_format = forms.ChoiceField(
        label=_("Format"), choices=Report.Format.choices, initial=Report.Format.XLSX
    )
    first_day: str
    last_day: str

    def clean(self):
        data = super().clean()
        first, last = data.get(self.first_day), data.get(self.last_day)
        if first and last and last < first:
            raise forms.ValidationError(_("The last day comes before the first."))
        return data

    @property
    def params(self) -> dict:
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in self.cleaned_data.items()
            if value and name != "file_format"
        }


class ApplicationExportForm(_ExportForm):
    status = forms.ChoiceField(label=_("State"), required=False, choices=STATUS_FILTER_CHOICES)
    applied_from = _optional_day(_("Applied from"))
    applied_until = _optional_day(_("Applied until"))
    first_day, last_day = "applied_from", "applied_until"


class PlacementExportForm(_ExportForm):
    status = forms.ChoiceField(label=_("State"), required=False, choices=PLACEMENT_STATUS_CHOICES)
    started_from = _optional_day(_("Started from"))
    started_until = _optional_day(_("Started until"))
    first_day, last_day = "started_from", "started_until"


class _ProgramExport:
    """Program staff's export of every center, or of the one they choose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"] = forms.ModelChoiceField(
            label=_("Service center"),
            queryset=listed_centers().order_by("pk"),
            required=False,
            empty_label=_("All centers"),
        )
        # The center first, as on every program page.
        self.order_fields(["center", *[n for n in self.fields if n != "center"]])

    @property
    def params(self) -> dict:
        params = super().params
        if center := params.pop("center", None):
            params["center"] = center.pk
        return params


class ProgramApplicationExportForm(_ProgramExport, ApplicationExportForm):
    pass


class ProgramPlacementExportForm(_ProgramExport, PlacementExportForm):
    pass
