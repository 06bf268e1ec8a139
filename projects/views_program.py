"""Program staff's read-only pages of every center's calls for projects, read through their
audited path across centers."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from mentorship import selectors as core_selectors
from mentorship.access import program_staff_required
from mentorship.paging import query_without_page, slice_page
from mentorship.request_values import parse_id
from mentorship.scoping import program_scope
from projects import selectors

PAGE_SIZE = 25


@login_required
@program_staff_required
def program_calls(request):
    pk = parse_id(request.GET.get("center"))
    chosen = core_selectors.program_center_or_none(pk=pk) if pk else None
    with program_scope(actor=request.user, reason="calls for projects of all centers"):
        page = slice_page(
            selectors.program_calls(center=chosen), request.GET.get("page"), per_page=PAGE_SIZE
        )
    return render(
        request,
        "projects/program_calls.html",
        {
            "page": page,
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
