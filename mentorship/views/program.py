"""Program staff console: the explicit, audited path across service centers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship import selectors, services
from mentorship.access import program_staff_required
from mentorship.forms import (
    CenterStatusForm,
)
from mentorship.models import (
    AuditEntry,
    Membership,
    ServiceCenter,
)
from mentorship.scoping import program_scope


@program_staff_required
def program_console(request):
    with program_scope(actor=request.user, reason="program console: centers overview"):
        centers = list(ServiceCenter.objects.order_by("pk"))
        counts = {
            row["center"]: row["n"]
            for row in Membership.objects.filter(is_active=True)
            .values("center")
            .annotate(n=Count("pk"))
        }
    for center in centers:
        center.member_count = counts.get(center.pk, 0)
    return render(
        request,
        "mentorship/program_console.html",
        {"centers": centers, "status_form": CenterStatusForm()},
    )


@program_staff_required
@require_POST
def program_center_status(request, pk):
    center = selectors.access_center_for_program_staff(pk=pk)
    form = CenterStatusForm(request.POST)
    if form.is_valid():
        with program_scope(actor=request.user, reason=f"change status of {center.slug}"):
            try:
                services.center_change_status(
                    actor=request.user,
                    center=center,
                    to=form.cleaned_data["to"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("The status of %(center)s is changed.") % {"center": center.name}
                )
    return redirect("program_console")


@program_staff_required
def program_audit(request):
    with program_scope(actor=request.user, reason="program audit trail"):
        entries = list(AuditEntry.objects.select_related("actor", "center")[:200])
    return render(request, "mentorship/audit.html", {"entries": entries, "program_wide": True})
