"""Pages of each mentor's record (帮扶台账): the mentor's own, by year with totals, and their
service letter as a PDF; the coordinators' list of the center's mentors and its export; and
program staff's list across every center, read through their audited path."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, override
from django.views.decorators.http import require_POST

from mentors.record_forms import RecordExportForm
from mentors.record_selectors import access_record_mentor, mentor_memberships
from mentorship import selectors as core_selectors
from mentorship.access import center_member, program_staff_required
from mentorship.models import Role
from mentorship.paging import query_without_page, slice_page
from mentorship.pdf import pdf_response, render_pdf
from mentorship.reports import report_request, report_url
from mentorship.request_values import parse_id
from mentorship.scoping import program_scope
from mentorship.service_record import (
    MentorRecord,
    chosen_year,
    items_of,
    record_of,
    record_table,
    record_years,
    records,
    shown,
    sources,
)
from mentorship.views.common import error_text

M, C = Role.MENTOR, Role.COORDINATOR
PAGE_SIZE = 25


def _this_year() -> int:
    return timezone.localdate().year


def _record_context(*, center, user):
    record = record_of(center=center, user=user)
    years = record_years(record, this_year=_this_year())
    return record, years


# The mentor's record and letter


def _record_page(request, user):
    record, years = _record_context(center=request.center, user=user)
    year = chosen_year(request.GET.get("year"), years=years, default=years[0])
    return render(
        request,
        "mentors/record.html",
        {
            "subject": user,
            "profile": getattr(user, "mentor_profile", None),
            "own": user.pk == request.user.pk,
            "years": years,
            "year": year,
            "table": record_table(record, years),
            "items": items_of(center=request.center, user=user, year=year),
        },
    )


def _letter(request, user):
    record, years = _record_context(center=request.center, user=user)
    year = chosen_year(request.GET.get("year"), years=years, default=years[0])
    # The letter speaks the mentor's language, whoever downloads it.
    language = user.language or get_language()
    with override(language):
        items = items_of(center=request.center, user=user, year=year)
    pdf = render_pdf(
        "mentors/service_letter.html",
        {
            "center": request.center,
            "subject": user,
            "profile": getattr(user, "mentor_profile", None),
            "year": year,
            "lines": [(s, shown(s, v)) for s, v in record.lines(year) if v],
            "items": items,
            "issued_on": timezone.localdate(),
        },
        language=language,
    )
    return pdf_response(pdf, filename=f"service-letter-{request.center.slug}-{year}.pdf")


@center_member(M)
def my_record(request):
    return _record_page(request, request.user)


@center_member(M)
def my_letter(request):
    return _letter(request, request.user)


@center_member(C, M)
def record_of_mentor(request, pk):
    user = access_record_mentor(
        center=request.center, viewer=request.user, roles=request.center_roles, pk=pk
    )
    return _record_page(request, user)


@center_member(C, M)
def letter_of_mentor(request, pk):
    user = access_record_mentor(
        center=request.center, viewer=request.user, roles=request.center_roles, pk=pk
    )
    return _letter(request, user)


# Lists of records


def _list_year(request):
    """The year the list shows (None: totals of every year) and the years offered."""
    this_year = _this_year()
    years = list(range(this_year, this_year - 6, -1))
    raw = request.GET.get("year")
    return (chosen_year(raw, years=years, default=this_year) if raw != "all" else None), years


def _list_rows(page, *, center, year):
    """Each membership of the page with its values: one grouped query per source."""
    found = records(center=center, user_ids={m.user_id for m in page})
    rows = []
    for membership in page:
        record = found.get((membership.center_id, membership.user_id))
        values = record.values(year) if record else [0] * len(sources())
        rows.append(
            (membership, [(s, shown(s, v)) for s, v in zip(sources(), values, strict=True)])
        )
    return rows


@center_member(C)
def records_list(request):
    year, years = _list_year(request)
    page = slice_page(
        mentor_memberships(center=request.center), request.GET.get("page"), per_page=PAGE_SIZE
    )
    return render(
        request,
        "mentors/records.html",
        {
            "page": page,
            "rows": _list_rows(page, center=request.center, year=year),
            "sources": sources(),
            "year": year,
            "years": years,
            "query": query_without_page(request.GET),
            "export_form": RecordExportForm(initial={"year": year}),
        },
    )


def _export(request, *, center, back):
    form = RecordExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return back
    try:
        report = report_request(
            actor=request.user,
            center=center,
            kind="mentor_records",
            file_format=form.cleaned_data["file_format"],
            params={
                "year": form.cleaned_data["year"],
                "center": parse_id(request.POST.get("center")) if center is None else None,
            },
        )
    except PermissionDenied as error:
        messages.error(request, error_text(error))
        return back
    return redirect(report_url(report))


@center_member(C)
@require_POST
def records_export(request):
    back = redirect("center:mentors:records", center_slug=request.center.slug)
    return _export(request, center=request.center, back=back)


# Program staff: every center


def _program_center(request):
    pk = parse_id(request.GET.get("center"))
    return core_selectors.program_center_or_none(pk=pk) if pk else None


@login_required
@program_staff_required
def program_records(request):
    year, years = _list_year(request)
    chosen = _program_center(request)
    with program_scope(actor=request.user, reason="mentors' records of all centers"):
        page = slice_page(
            mentor_memberships(center=chosen), request.GET.get("page"), per_page=PAGE_SIZE
        )
        rows = _list_rows(page, center=chosen, year=year)
    return render(
        request,
        "mentors/program_records.html",
        {
            "page": page,
            "rows": rows,
            "sources": sources(),
            "year": year,
            "years": years,
            "centers": core_selectors.listed_centers(),
            "chosen": chosen,
            "query": query_without_page(request.GET),
            "export_form": RecordExportForm(initial={"year": year}),
        },
    )


@login_required
@program_staff_required
def program_record(request, pk):
    """One mentor's record in each center they serve."""
    this_year = _this_year()
    if parse_id(pk) is None:
        raise Http404
    with program_scope(actor=request.user, reason=f"record of mentor {pk}"):
        memberships = list(mentor_memberships().filter(user_id=pk))
        if not memberships:
            raise Http404
        found = records(center=None, user_ids=[pk])
    parts = []
    for membership in memberships:
        record = found.get(
            (membership.center_id, pk), MentorRecord(center_id=membership.center_id, user_id=pk)
        )
        years = record_years(record, this_year=this_year)
        parts.append((membership.center, years, record_table(record, years)))
    return render(
        request,
        "mentors/program_record.html",
        {"subject": memberships[0].user, "parts": parts, "sources": sources()},
    )


@login_required
@program_staff_required
@require_POST
def program_records_export(request):
    return _export(request, center=None, back=redirect("program_mentor_records"))
