"""The coordinator's console of a center: settings, universities, members."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship import selectors, services
from mentorship.access import center_member, center_public
from mentorship.forms import CenterSettingsForm, UniversityForm
from mentorship.models import Role
from mentorship.panels import CONSOLE, panels
from mentorship.reports import report_request, report_url
from mentorship.uploads import private_file_response
from mentorship.views.common import error_text, form_errors_from


def _back(request, name):
    return redirect(name, center_slug=request.center.slug)


@center_member(Role.COORDINATOR)
def console(request):
    return render(
        request,
        "mentorship/console/home.html",
        {
            "panels": panels(CONSOLE, center=request.center),
            "roles": selectors.center_roles(center=request.center),
        },
    )


@center_member(Role.COORDINATOR)
def center_settings(request):
    form = CenterSettingsForm(request.POST or None, request.FILES or None, instance=request.center)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in services.SETTINGS_FIELDS}
        # The form validated on the instance; reload so the service sees what is saved.
        request.center.refresh_from_db()
        try:
            services.center_update_settings(
                center=request.center,
                actor=request.user,
                changes=changes,
                logo=form.cleaned_data.get("logo_upload"),
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The center's settings are saved."))
            return _back(request, "center:settings")
    return render(request, "mentorship/console/settings.html", {"form": form})


@center_public
def center_logo(request):
    if not request.center.logo:
        raise Http404
    return private_file_response(request.center.logo, download_name="logo")


@center_member(Role.COORDINATOR)
def universities(request):
    form = UniversityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.university_save(center=request.center, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The university is added."))
            return _back(request, "center:universities")
    return render(
        request,
        "mentorship/console/universities.html",
        {"universities": selectors.center_universities(center=request.center), "form": form},
    )


@center_member(Role.COORDINATOR)
def university_edit(request, pk):
    university = selectors.access_university(center=request.center, pk=pk)
    initial = {"name_zh": university.name_zh, "name_en": university.name_en}
    form = UniversityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.university_save(
                center=request.center,
                actor=request.user,
                university=university,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("The university is renamed."))
            return _back(request, "center:universities")
    return render(
        request, "mentorship/console/university_edit.html", {"university": university, "form": form}
    )


@center_member(Role.COORDINATOR)
@require_POST
def member_remove(request, pk):
    membership = selectors.access_membership(center=request.center, pk=pk)
    try:
        services.membership_remove(center=request.center, actor=request.user, membership=membership)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user})
    return _back(request, "center:members")


@center_member(Role.COORDINATOR)
@require_POST
def members_export(request):
    report = report_request(
        actor=request.user,
        center=request.center,
        kind="center_members",
        file_format=request.POST.get("format", "xlsx"),
    )
    return redirect(report_url(report))
