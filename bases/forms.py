"""Forms of enterprises, base applications, reviews and positions.

They check what a person typed, field by field; the services decide whether the change
may happen, and their refusals are shown beside the field they name.
"""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from bases import services
from bases.models import Enterprise, Position, TrainingBase
from mentorship.uploads import MAX_UPLOAD_BYTES


def _as_field_error(check, value, field: str):
    """Run a service's check on one value; its refusal belongs to this form field."""
    try:
        return check(value)
    except forms.ValidationError as error:
        raise forms.ValidationError(error.error_dict[field]) from error


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EnterpriseForm(forms.ModelForm):
    """Registration (with the credit code) and later edits (the code stays as registered)."""

    business_licence = forms.FileField(
        label=capfirst(Enterprise._meta.get_field("business_licence").verbose_name),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    class Meta:
        model = Enterprise
        fields = [
            "name_zh",
            "name_en",
            "credit_code",
            "industry",
            "size",
            "address",
            "contact_name",
            "contact_phone",
        ]
        widgets = {
            "credit_code": forms.TextInput(
                attrs={"autocapitalize": "characters", "spellcheck": "false", "maxlength": 18}
            ),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        help_texts = {
            "credit_code": _("18 characters, as printed on the business licence."),
        }

    def __init__(self, *args, registering: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.registering = registering
        self.fields["business_licence"].help_text = _(
            "PDF, JPEG or PNG, at most %(mb)d MB. Only your enterprise's representatives "
            "and the bureau staff reviewing its applications can open it."
        ) % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024}
        if not registering:
            del self.fields["credit_code"]
            self.fields["business_licence"].required = False
            self.fields["business_licence"].help_text = _(
                "Upload a new file only to replace the current licence."
            )

    def clean_credit_code(self):
        return _as_field_error(
            services.check_credit_code, self.cleaned_data["credit_code"], "credit_code"
        )

    def clean_business_licence(self):
        uploaded = self.cleaned_data.get("business_licence")
        if uploaded:
            return _as_field_error(services.check_licence, uploaded, "business_licence")
        return uploaded

    def validate_unique(self):
        # clean_credit_code already refused a registered code, with a message that says
        # what to do instead of the model's generic one.
        pass


class RepresentativeForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's email address"),
        help_text=_("They must have joined this service center as an enterprise representative."),
    )


class BaseApplicationForm(forms.ModelForm):
    class Meta:
        model = TrainingBase
        fields = ["kind", "introduction", "yearly_capacity"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "introduction": _(
                "Departments that take interns, what they work on, who supervises them, "
                "and what they learn."
            ),
        }

    def __init__(self, *args, enterprises=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["yearly_capacity"].widget.attrs.update({"min": 1, "max": 100000})
        if self.instance.pk:
            del self.fields["kind"]
        else:
            self.fields["enterprise"] = forms.ModelChoiceField(
                label=capfirst(TrainingBase._meta.get_field("enterprise").verbose_name),
                queryset=enterprises,
                empty_label=None,
            )
            self.order_fields(["enterprise", "kind", "introduction", "yearly_capacity"])

    def clean_yearly_capacity(self):
        capacity = self.cleaned_data["yearly_capacity"]
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(_("A base takes at least one intern a year."))
        return capacity


class RecognizeForm(forms.Form):
    recognized_from = forms.DateField(
        label=capfirst(TrainingBase._meta.get_field("recognized_from").verbose_name),
        widget=DateInput(),
    )
    recognized_until = forms.DateField(
        label=capfirst(TrainingBase._meta.get_field("recognized_until").verbose_name),
        widget=DateInput(),
        help_text=_("By default two years; the last day the recognition is valid."),
    )
    comment = forms.CharField(
        label=_("Comment to the enterprise (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "recognized_from": today,
                "recognized_until": services.default_recognition_until(today),
            },
        )
        kwargs.setdefault("auto_id", "recognize_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("recognized_from"), cleaned.get("recognized_until")
        if start and end:
            try:
                services.check_recognition_period(start, end)
            except forms.ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field, errors)
        return cleaned


class DecisionCommentForm(forms.Form):
    """The comment that returning or rejecting an application requires."""

    comment = forms.CharField(
        label=_("Comment to the enterprise"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    REQUIRED = {
        "return": _("Say what the enterprise should change."),
        "reject": _("Give the reason for rejecting the application."),
    }

    def __init__(self, *args, action: str, **kwargs):
        # Return and reject forms share one page: their fields need distinct ids.
        super().__init__(*args, auto_id=f"{action}_%s", **kwargs)
        self.fields["comment"].error_messages["required"] = self.REQUIRED[action]


class PositionForm(forms.ModelForm):
    duration_months = forms.TypedChoiceField(
        label=capfirst(Position._meta.get_field("duration_months").verbose_name),
        choices=[(n, n) for n in range(3, 7)],
        coerce=int,
        error_messages={"invalid_choice": _("An internship lasts 3 to 6 months.")},
    )
    stipend = forms.DecimalField(
        label=capfirst(Position._meta.get_field("stipend").verbose_name),
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        error_messages={"min_value": _("The stipend cannot be negative.")},
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    class Meta:
        model = Position
        fields = [
            "title",
            "department",
            "description",
            "city",
            "location",
            "openings",
            "duration_months",
            "stipend",
            "majors",
            "start_date",
            "deadline",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "start_date": DateInput(),
            "deadline": DateInput(),
        }
        help_texts = {
            "majors": _("For example: 计算机科学与技术, 软件工程. Separate majors with commas."),
            "deadline": _("On or before the start date."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_months"].choices = [
            (n, ngettext("%(n)d month", "%(n)d months", n) % {"n": n}) for n in range(3, 7)
        ]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if self.instance.pk is None or "deadline" in self.changed_data:
            _as_field_error(services.check_deadline_ahead, deadline, "deadline")
        return deadline

    def clean_majors(self):
        return services.normalize_majors(self.cleaned_data["majors"])


class QueueFilterForm(forms.Form):
    """Filters of the bureau's queue; unknown values fall back to the defaults."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("waiting", _("Waiting for a decision")),
            (TrainingBase.Status.SUBMITTED, TrainingBase.Status.SUBMITTED.label),
            (TrainingBase.Status.UNDER_REVIEW, TrainingBase.Status.UNDER_REVIEW.label),
            (TrainingBase.Status.RECOGNIZED, TrainingBase.Status.RECOGNIZED.label),
            (TrainingBase.Status.RETURNED, TrainingBase.Status.RETURNED.label),
            (TrainingBase.Status.REJECTED, TrainingBase.Status.REJECTED.label),
            (TrainingBase.Status.EXPIRED, TrainingBase.Status.EXPIRED.label),
            (TrainingBase.Status.REVOKED, TrainingBase.Status.REVOKED.label),
            ("all", _("All")),
        ],
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("training base", "Kind"),
        required=False,
        choices=[("", _("All kinds")), *TrainingBase.Kind.choices],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("oldest", _("Submitted longest ago first")),
            ("newest", _("Newest submissions first")),
        ],
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or "waiting",
            "kind": data.get("kind") or "",
            "newest_first": data.get("sort") == "newest",
        }
