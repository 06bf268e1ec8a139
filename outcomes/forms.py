"""Forms of the outcomes: an offer of employment, the destination survey, a review decision."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bases.models import BaseReview
from outcomes.models import DestinationSurvey, EmploymentOffer


class OfferForm(forms.Form):
    offered_on = forms.DateField(
        label=capfirst(EmploymentOffer._meta.get_field("offered_on").verbose_name),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the base offered employment (or kept the intern on)."),
    )


YES_NO = (
    ("", pgettext_lazy("answer", "Rather not say")),
    ("yes", pgettext_lazy("answer", "Yes")),
    ("no", pgettext_lazy("answer", "No")),
)


DESTINATIONS = DestinationSurvey.Destination.choices


class SurveyForm(forms.Form):
    """Three questions, each optional."""

    destination = forms.ChoiceField(
        label=_("What do you do now?"),
        required=False,
        choices=[("", pgettext_lazy("answer", "Rather not say")), *DESTINATIONS],
    )
    city = forms.CharField(label=_("In which city?"), max_length=40, required=False)
    in_center_city = forms.ChoiceField(label="", required=False, choices=YES_NO)

    def __init__(self, *args, city_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["in_center_city"].label = _("Is it %(city)s?") % {"city": city_name}

    def service_arguments(self) -> dict:
        answer = self.cleaned_data["in_center_city"]
        return {
            "destination": self.cleaned_data["destination"],
            "city": self.cleaned_data["city"],
            "in_center_city": {"yes": True, "no": False}.get(answer),
        }


def survey_initial(survey) -> dict:
    flag = {True: "yes", False: "no"}.get(survey.in_center_city, "")
    return {"destination": survey.destination, "city": survey.city, "in_center_city": flag}


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=BaseReview.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The enterprise reads it with the decision."),
        error_messages={
            "required": _("Write the reason for the decision; the enterprise reads it.")
        },
    )
