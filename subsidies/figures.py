"""The subsidies' figures of the program: subsidies paid to training bases."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from mentorship.figures import CNY, register_figure
from subsidies.models import SubsidyClaim


@register_figure(
    "subsidies.paid_amount",
    label=_("Subsidies paid"),
    definition=_(
        "The approved amounts of the subsidy claims the bureau paid to training bases,"
        " counted in the month of payment."
    ),
    unit=CNY,
    date_field="paid_at",
    value=Sum("approved_amount"),
    source=_("Subsidy claims paid by the bureau of each service center"),
    order=60,
    # Shown to the program's and the centers' staff; published once the year's accounts close.
    public=False,
)
def paid_amount():
    return SubsidyClaim.objects.filter(status=SubsidyClaim.Status.PAID)
