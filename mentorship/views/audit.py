"""The audit trail as people read it: one center's (coordinators, bureau staff) and the
program's across centers (program staff), filtered, paged and exported."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentorship.access import center_member, program_staff_required
from mentorship.audit_display import describe
from mentorship.audit_filters import AuditFilterForm, center_entries, program_entries
from mentorship.models import Report, Role
from mentorship.paging import query_without_page, slice_page
from mentorship.reports import report_request, report_url
from mentorship.scoping import program_scope
from mentorship.views.common import error_text

PAGE_SIZE = 50
AUDIT_ROLES = (Role.COORDINATOR, Role.BUREAU)
REPORT_KIND = "audit_trail"


def _render(request, *, form, entries, program_wide: bool):
    page = slice_page(entries, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "mentorship/audit.html",
        {
            "form": form,
            "page": page,
            "lines": [describe(entry) for entry in page],
            "query": query_without_page(request.GET),
            "filters": form.filters(),
            "program_wide": program_wide,
        },
    )


def _export(request, *, center, form):
    file_format = request.POST.get("format", "")
    if file_format not in Report.Format.values:
        file_format = Report.Format.XLSX
    try:
        report = report_request(
            actor=request.user,
            center=center,
            kind=REPORT_KIND,
            file_format=file_format,
            params=form.filters(),
        )
    except PermissionDenied as error:
        messages.error(request, error_text(error))
        return None
    return redirect(report_url(report))


@center_member(*AUDIT_ROLES)
def center_audit(request):
    form = AuditFilterForm(request.GET or None)
    entries = center_entries(center=request.center, filters=form.filters())
    return _render(request, form=form, entries=entries, program_wide=False)


@center_member(*AUDIT_ROLES)
@require_POST
def center_audit_export(request):
    response = _export(request, center=request.center, form=AuditFilterForm(request.POST))
    return response or redirect("center:audit", center_slug=request.center.slug)


@program_staff_required
def program_audit(request):
    with program_scope(actor=request.user, reason="program audit trail"):
        form = AuditFilterForm(request.GET or None, program_wide=True)
        entries = program_entries(filters=form.filters())
        return _render(request, form=form, entries=entries, program_wide=True)


@program_staff_required
@require_POST
def program_audit_export(request):
    form = AuditFilterForm(request.POST, program_wide=True)
    return _export(request, center=None, form=form) or redirect("program_audit")
