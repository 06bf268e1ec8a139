"""Program staff's read-only pages of every center's calls for projects, read through their
audited path across centers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship import selectors as core_selectors
from mentorship.access import program_staff_required
from mentorship.models import ServiceCenter
from mentorship.paging import query_without_page, slice_page
from mentorship.request_values import parse_id
from mentorship.scoping import program_scope
from mentorship.views.common import error_text, form_errors_from
from projects import selectors, services
from projects.forms import ProgramCallForm

PAGE_SIZE = 25
PROGRAM_WIDE_SHOWN = 20


@login_required
@program_staff_required
def program_calls(request):
    pk = parse_id(request.GET.get("center"))
    chosen = core_selectors.program_center_or_none(pk=pk) if pk else None
    with program_scope(actor=request.user, reason="calls for projects of all centers"):
        page = slice_page(
            selectors.program_calls(center=chosen), request.GET.get("page"), per_page=PAGE_SIZE
        )
        program_wide = list(selectors.program_wide_calls()[:PROGRAM_WIDE_SHOWN])
    return render(
        request,
        "projects/program_calls.html",
        {
            "page": page,
            "program_wide": program_wide,
            "centers": core_selectors.listed_centers(),
            "chosen": chosen,
            "query": query_without_page(request.GET),
        },
    )


@login_required
@program_staff_required
def program_call(request, pk):
    """One call as its coordinators see it, without anything to change."""
    if parse_id(pk) is None:
        raise Http404
    with program_scope(actor=request.user, reason=f"call for projects {pk}"):
        call = selectors.program_call(pk=pk)
        rounds = [
            (found, list(found.criteria.all()), selectors.standings_of(found))
            for found in selectors.rounds_of(call)
        ]
    return render(request, "projects/program_call.html", {"call": call, "rounds": rounds})


@login_required
@program_staff_required
def program_call_create(request):
    """A program-wide call: a draft call in each chosen center, which its coordinators publish."""
    centers = core_selectors.listed_centers().exclude(status=ServiceCenter.Status.SUSPENDED)
    form = ProgramCallForm(
        request.POST or None, centers=centers, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.program_call_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        except PermissionDenied as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("The call is drafted in each chosen center: its coordinators publish it."),
            )
            return redirect("program_projects")
    return render(request, "projects/program_call_form.html", {"form": form})
