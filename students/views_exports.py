"""Coordinators' exports of the center's applications and placements (files made in the
background by `students.reports`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from mentorship.access import center_member
from mentorship.links import center_url
from mentorship.models import Role
from mentorship.reports import report_request, report_url
from mentorship.views import error_text
from students.forms import ApplicationExportForm, PlacementExportForm


def _export(request, form, *, kind: str, back: str):
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(center_url(request.center, back))
    try:
        report = report_request(
            actor=request.user,
            center=request.center,
            kind=kind,
            file_format=form.cleaned_data["file_format"],
            params=form.params,
        )
    except PermissionDenied as error:
        messages.error(request, error_text(error))
        return redirect(center_url(request.center, back))
    return redirect(report_url(report))


@center_member(Role.COORDINATOR)
@require_POST
def applications_export(request):
    return _export(
        request,
        ApplicationExportForm(request.POST),
        kind="applications",
        back="center:students:applicant_positions",
    )


@center_member(Role.COORDINATOR)
@require_POST
def placements_export(request):
    return _export(
        request,
        PlacementExportForm(request.POST),
        kind="placements",
        back="center:students:placement_list",
    )
