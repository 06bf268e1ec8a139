"""Program staff console: the explicit, audited path across service centers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship import selectors, services
from mentorship.access import program_staff_required
from mentorship.forms import CenterStatusForm, LicenseForm, RejectApplicationForm
from mentorship.models import CenterApplication
from mentorship.paging import slice_page
from mentorship.scoping import program_scope
from mentorship.views.common import form_errors_from


@program_staff_required
def program_console(request):
    with program_scope(actor=request.user, reason="program console: centers overview"):
        centers = selectors.centers_with_member_counts()
    # The oldest first: they have waited longest. A handful on the console, all on their page.
    waiting = selectors.center_applications(status=CenterApplication.Status.SUBMITTED)
    return render(
        request,
        "mentorship/program_console.html",
        {
            "centers": centers,
            "status_form": CenterStatusForm(),
            "waiting_applications": list(waiting.order_by("created_at", "pk")[:5]),
        },
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
def program_applications(request):
    status = request.GET.get("status", CenterApplication.Status.SUBMITTED)
    if status not in CenterApplication.Status.values:
        status = ""
    page = slice_page(selectors.center_applications(status=status), request.GET.get("page"))
    return render(
        request,
        "mentorship/program/applications.html",
        {"page": page, "status": status, "statuses": CenterApplication.Status.choices},
    )


@program_staff_required
def program_application(request, pk):
    application = selectors.access_center_application(pk=pk)
    license_form = LicenseForm(
        request.POST if "license" in request.POST else None,
        initial={
            "city": application.city,
            "city_en": application.city_en,
            "host_institution": application.institution,
            "host_institution_en": application.institution_en,
        },
    )
    reject_form = RejectApplicationForm(request.POST if "reject" in request.POST else None)
    if request.method == "POST":
        try:
            if "license" in request.POST and license_form.is_valid():
                center = services.center_application_license(
                    actor=request.user, application=application, **license_form.cleaned_data
                )
                messages.success(
                    request,
                    _("%(center)s is licensed and its first coordinator invited.")
                    % {"center": center.name},
                )
                return redirect("program_application", pk=application.pk)
            if "reject" in request.POST and reject_form.is_valid():
                services.center_application_reject(
                    actor=request.user, application=application, **reject_form.cleaned_data
                )
                messages.success(request, _("The application is rejected."))
                return redirect("program_application", pk=application.pk)
        except ValidationError as error:
            form_errors_from(license_form if "license" in request.POST else reject_form, error)
    return render(
        request,
        "mentorship/program/application.html",
        {"application": application, "license_form": license_form, "reject_form": reject_form},
    )
