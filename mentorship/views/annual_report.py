"""Program staff ask for the annual program report of a year, in Chinese or in English."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship import figures as registry
from mentorship.access import program_staff_required
from mentorship.annual_report import LANGUAGES
from mentorship.reports import report_request, report_url
from mentorship.request_values import whole_number


def report_years() -> list[int]:
    """The years a report can be asked for: those with figures, and the year running."""
    this_year = timezone.localdate().year
    return sorted(set(registry.years_with_figures()) | {this_year}, reverse=True)


@program_staff_required
@require_POST
def annual_report_request(request):
    year = whole_number(request.POST.get("year"), maximum=9999)
    language = request.POST.get("language")
    if year not in report_years() or language not in LANGUAGES:
        messages.error(request, _("Choose a year with figures and a language."))
        return redirect("program_figures")
    report = report_request(
        actor=request.user,
        center=None,
        kind="annual_report",
        params={"year": year, "language": language},
    )
    return redirect(report_url(report))
