"""The coordinator's roster of the center's students: find them, and verify them in bulk."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship.access import center_member
from mentorship.models import Role
from mentorship.paging import query_without_page, slice_page
from mentorship.request_values import parse_ids
from mentorship.views import error_text
from students import selectors, services
from students.forms import StudentFilterForm


@center_member(Role.COORDINATOR)
def roster(request):
    form = StudentFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = slice_page(
        selectors.center_students(center=request.center, **filters),
        request.GET.get("page"),
        per_page=50,
    )
    return render(
        request,
        "students/roster.html",
        {"form": form, "page": page, "query": query_without_page(request.GET)},
    )


@center_member(Role.COORDINATOR)
@require_POST
def roster_verify(request):
    ids = parse_ids(request.POST.getlist("profile"))
    try:
        count = services.student_verify(center=request.center, actor=request.user, profile_ids=ids)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(n)d students verified.") % {"n": count})
    response = redirect("center:students:roster", center_slug=request.center.slug)
    # Back to the page the coordinator verified from, with its search and filter.
    query = request.POST.get("query", "")
    if query:
        response["Location"] += "?" + QueryDict(query).urlencode()
    return response
