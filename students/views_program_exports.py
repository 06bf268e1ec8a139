"""Program staff's exports of every center's applications and placements (outside /c/),
made in the background by `students.reports` through program staff's audited path."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorship.access import program_staff_required
from mentorship.reports import report_request, report_url
from mentorship.views import error_text
from students.forms import ProgramApplicationExportForm, ProgramPlacementExportForm

FORMS = {"applications": ProgramApplicationExportForm, "placements": ProgramPlacementExportForm}


@login_required
@program_staff_required
def program_exports(request):
    return render(
        request,
        "students/program_exports.html",
        {kind: form(prefix=kind) for kind, form in FORMS.items()},
    )


def _export(request, kind: str):
    form = FORMS[kind](request.POST, prefix=kind)
    if not form.is_valid():
        # The page again with the choices kept and each message beside its field.
        forms = {k: f(prefix=k) for k, f in FORMS.items()} | {kind: form}
        return render(request, "students/program_exports.html", forms, status=400)
    try:
        report = report_request(
            actor=request.user,
            center=None,
            kind=kind,
            file_format=form.cleaned_data["file_format"],
            params=form.params,
        )
    except PermissionDenied as error:
        messages.error(request, error_text(error))
        return redirect("program_exports")
    return redirect(report_url(report))


@login_required
@program_staff_required
@require_POST
def program_applications_export(request):
    return _export(request, "applications")


@login_required
@program_staff_required
@require_POST
def program_placements_export(request):
    return _export(request, "placements")
