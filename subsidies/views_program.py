"""Program staff's read-only view of every center's subsidy claims, with totals.

Every read across centers goes through `program_scope`, which checks the visitor is
program staff and records the read in the audit trail.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorship.access import program_staff_required
from mentorship.models import ServiceCenter
from mentorship.paging import query_without_page, slice_page
from mentorship.reports import report_request, report_url
from mentorship.scoping import program_scope
from mentorship.views import error_text
from subsidies import selectors
from subsidies.forms import ExportForm, ProgramFilterForm
from subsidies.models import period_label

PAGE_SIZE = 50


def _filters(data):
    form = ProgramFilterForm(data or None, centers=ServiceCenter.objects.order_by("pk"))
    return form, form.filters()


@login_required
@program_staff_required
def program_subsidies(request):
    form, filters = _filters(request.GET)
    with program_scope(actor=request.user, reason="subsidy claims of all centers"):
        totals = list(
            selectors.program_totals(center_id=filters["center"], status=filters["status"])
        )
        page = slice_page(
            selectors.program_claims(center_id=filters["center"], status=filters["status"]),
            request.GET.get("page"),
            per_page=PAGE_SIZE,
        )
    centers = {c.pk: c for c in ServiceCenter.objects.all()}
    for row in totals:
        row["center"] = centers.get(row["center_id"])
        row["period"] = period_label(row["period_kind"], row["period_year"], row["period_number"])
    query = query_without_page(request.GET)
    return render(
        request,
        "subsidies/program.html",
        {
            "filter_form": form,
            "filters": filters,
            "totals": totals,
            "page": page,
            "query": query,
            "export_form": ExportForm(),
        },
    )


@login_required
@program_staff_required
@require_POST
def program_subsidies_export(request):
    _form, filters = _filters(request.POST)
    export = ExportForm(request.POST)
    file_format = export.cleaned_data["file_format"] if export.is_valid() else "xlsx"
    try:
        report = report_request(
            actor=request.user,
            center=None,
            kind="subsidy_claims",
            file_format=file_format,
            params=filters,
        )
    except PermissionDenied as error:
        messages.error(request, error_text(error))
        return redirect("program_subsidies")
    return redirect(report_url(report))
