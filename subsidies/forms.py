"""Forms of subsidy claims: the policy, opening a claim, evidence, line and claim decisions,
the bureau's queue filters.

They check what a person typed; the services decide whether the change may happen.
"""

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from mentorship.form_fields import FastSelect
from mentorship.models import Report, ServiceCenter
from mentorship.uploads import MAX_UPLOAD_BYTES
from subsidies import selectors, services
from subsidies.models import SubsidyClaim, SubsidyLine, period_label

MONEY_WIDGET = {"step": "0.01", "inputmode": "decimal", "min": "0"}


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ServiceCenter
        fields = list(services.POLICY_FIELDS)
        widgets = {
            "subsidy_rate": forms.NumberInput(attrs=MONEY_WIDGET),
            "second_approval_threshold": forms.NumberInput(attrs=MONEY_WIDGET),
        }
        help_texts = {
            "subsidy_rate": _("Paid for each full month an intern works; part months by the day."),
            "subsidy_min_months": _(
                "A placement ended early before this many months earns nothing."
            ),
            "subsidy_max_months": _("No placement is subsidized for more months than this."),
            "second_approval_threshold": _(
                "A claim above this amount needs the approval of a second bureau member."
            ),
            "subsidy_claim_period": _("Enterprises claim per calendar month or per quarter."),
        }

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("subsidy_min_months"), cleaned.get("subsidy_max_months")
        if low is not None and high is not None and low > high:
            self.add_error("subsidy_max_months", _("The maximum cannot be less than the minimum."))
        threshold = cleaned.get("second_approval_threshold")
        if threshold is not None and threshold < 0:
            self.add_error("second_approval_threshold", _("The threshold cannot be negative."))
        return cleaned

    def validate_unique(self):
        # Only the policy is edited here; the center's identity is the coordinator's.
        pass


class ClaimOpenForm(forms.Form):
    base = forms.ModelChoiceField(label=_("Training base"), queryset=None, empty_label=None)
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, bases, periods, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].queryset = bases
        self.fields["base"].label_from_instance = lambda base: str(base.enterprise)
        self.fields["period"].choices = [
            (f"{year}-{number}", period_label(kind, year, number)) for year, number in periods
        ]
        self.fields["period"].help_text = _(
            "Only periods that have ended can be claimed; the lines are computed from your "
            "placements in it."
        )

    def service_arguments(self) -> dict:
        year, number = self.cleaned_data["period"].split("-")
        return {"base": self.cleaned_data["base"], "year": int(year), "number": int(number)}


class EvidenceForm(forms.Form):
    """Proof of the stipend paid and of the accident insurance, for one line or all."""

    stipend_proof = forms.FileField(
        label=capfirst(SubsidyLine._meta.get_field("stipend_proof").verbose_name),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    insurance_proof = forms.FileField(
        label=capfirst(SubsidyLine._meta.get_field("insurance_proof").verbose_name),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, prefix_id: str = "all", **kwargs):
        # Several of these forms share the claim page: their fields need distinct ids.
        super().__init__(*args, auto_id=f"evidence_{prefix_id}_%s", **kwargs)
        help_text = _("PDF, JPEG or PNG, at most %(mb)d MB.") % {
            "mb": MAX_UPLOAD_BYTES // 1024 // 1024
        }
        for field in self.fields.values():
            field.help_text = help_text

    def clean(self):
        cleaned = super().clean()
        for field in services.EVIDENCE_FIELDS:
            upload = cleaned.get(field)
            if upload:
                try:
                    cleaned[field] = services.check_evidence(upload, field)
                except forms.ValidationError as error:
                    self.add_error(field, error.error_dict[field])
        if not self.errors and not any(cleaned.get(f) for f in services.EVIDENCE_FIELDS):
            raise forms.ValidationError(_("Choose a file to upload."))
        return cleaned


class LineReviewForm(forms.Form):
    ACTIONS = ("approve", "reduce")

    approved_amount = forms.DecimalField(
        label=_("Approved amount (CNY)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY_WIDGET),
        error_messages={"min_value": _("The amount cannot be negative.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, line, **kwargs):
        kwargs.setdefault("initial", {"approved_amount": line.approved_amount or line.amount})
        super().__init__(*args, auto_id=f"line{line.pk}_%s", **kwargs)
        self.line = line

    def service_arguments(self, action: str) -> dict:
        data = self.cleaned_data
        if action == "approve":
            return {"approved_amount": None, "comment": data.get("comment", "")}
        amount = data.get("approved_amount")
        if amount is None:
            raise forms.ValidationError({"approved_amount": _("Enter the amount to approve.")})
        return {"approved_amount": amount, "comment": data.get("comment", "")}


class ClaimCommentForm(forms.Form):
    """The comment of a claim decision: optional to approve, required to return or reject."""

    comment = forms.CharField(
        label=_("Comment to the enterprise"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    REQUIRED = {
        "return": _("Say what the enterprise should change."),
        "reject": _("Give the reason for rejecting the claim."),
    }

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, auto_id=f"{action}_%s", **kwargs)
        if action in self.REQUIRED:
            self.fields["comment"].error_messages["required"] = self.REQUIRED[action]
        else:
            self.fields["comment"].required = False
            self.fields["comment"].label = _("Comment (optional)")


class PaymentForm(forms.Form):
    payment_reference = forms.CharField(
        label=capfirst(SubsidyClaim._meta.get_field("payment_reference").verbose_name),
        max_length=60,
        help_text=_("The bank transfer's or the treasury voucher's number."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="paid_%s", **kwargs)


class ClaimQueueFilterForm(forms.Form):
    """Filters of the bureau's queue; unknown values fall back to the defaults."""

    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect)
    base = forms.ChoiceField(label=_("Base"), required=False, widget=FastSelect)
    period = forms.ChoiceField(label=_("Period"), required=False, widget=FastSelect)
    amount_min = forms.DecimalField(
        label=_("From (CNY)"),
        required=False,
        min_value=Decimal("0"),
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY_WIDGET),
    )
    amount_max = forms.DecimalField(
        label=_("To (CNY)"),
        required=False,
        min_value=Decimal("0"),
        decimal_places=2,
        widget=forms.NumberInput(attrs=MONEY_WIDGET),
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        widget=FastSelect,
        choices=[
            ("oldest", _("Submitted longest ago first")),
            ("newest", _("Newest submissions first")),
            ("amount_desc", _("Largest amount first")),
            ("amount_asc", _("Smallest amount first")),
            ("period", _("Latest period first")),
        ],
    )

    def __init__(self, *args, center, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (selectors.QUEUE_WAITING, _("Waiting for a decision")),
            *[(s.value, s.label) for s in SubsidyClaim.Status if s != SubsidyClaim.Status.DRAFT],
            (selectors.QUEUE_ALL, _("All")),
        ]
        self.fields["base"].choices = [
            ("", _("All bases")),
            *[(str(b.pk), str(b.enterprise)) for b in selectors.queue_bases(center=center)],
        ]
        self.fields["period"].choices = [
            ("", _("All periods")),
            *[
                (selectors.period_key(*p), period_label(*p))
                for p in selectors.queue_periods(center=center)
            ],
        ]

    def filters(self) -> dict:
        """The filters as plain values: they travel to the export task as JSON."""
        # A field typed wrong is left out; the others still filter.
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status") or selectors.QUEUE_WAITING,
            "base": int(data["base"]) if data.get("base") else None,
            "period": data.get("period") or "",
            "amount_min": str(data["amount_min"]) if data.get("amount_min") is not None else "",
            "amount_max": str(data["amount_max"]) if data.get("amount_max") is not None else "",
            "sort": data.get("sort") or "oldest",
        }


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=Report.Format.choices,
        initial=Report.Format.XLSX,
        widget=FastSelect,
    )


class ProgramFilterForm(forms.Form):
    """Program staff's filters: one center or all, a status."""

    center = forms.ChoiceField(label=_("Service center"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, centers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].choices = [
            ("", _("All centers")),
            *[(str(c.pk), c.name) for c in centers],
        ]
        self.fields["status"].choices = [
            (selectors.QUEUE_ALL, _("All")),
            (selectors.QUEUE_WAITING, _("Waiting for a decision")),
            *[(s.value, s.label) for s in SubsidyClaim.Status if s != SubsidyClaim.Status.DRAFT],
        ]

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "center": int(data["center"]) if data.get("center") else None,
            "status": data.get("status") or selectors.QUEUE_ALL,
        }
