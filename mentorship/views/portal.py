"""Program-wide pages: home, dashboard, language, notifications."""

from contextlib import suppress

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from mentorship import selectors, services
from mentorship.client import client_ip
from mentorship.forms import (
    AccountEraseForm,
    CenterApplicationForm,
    EmailPreferencesForm,
)
from mentorship.notifications import kinds_reaching
from mentorship.paging import slice_page
from mentorship.request_values import parse_id
from mentorship.services.privacy import account_erase, personal_data_archive
from mentorship.views.common import form_errors_from


def home(request):
    return render(request, "mentorship/home.html", {"centers": selectors.listed_centers()})


@login_required
def dashboard(request):
    my_centers = selectors.memberships_by_center(request.user)
    if len(my_centers) == 1 and not request.user.is_program_staff:
        return redirect("center:home", center_slug=my_centers[0][0].slug)
    return render(request, "mentorship/dashboard.html", {"centers": my_centers})


@require_POST
def set_language(request):
    """Django's language switch, also remembered on the account for emails."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language):
        # Django knows more languages than the portal offers: those stay off the account.
        with suppress(ValidationError):
            services.account_set_language(user=request.user, language=language)
    return django_set_language(request)


@login_required
def notification_list(request):
    notifications = request.user.notifications.select_related("center")
    page = slice_page(notifications, request.GET.get("page"))
    return render(request, "mentorship/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request):
    """Mark one notification (or all of them) read, then go where it points."""
    notification = None
    if request.POST.get("pk"):
        pk = parse_id(request.POST["pk"])
        if pk is None:
            raise Http404
        notification = selectors.access_notification(user=request.user, pk=pk)
    services.notifications_mark_read(user=request.user, notification=notification)
    target = notification.url if notification else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return HttpResponseRedirect(target)
    return redirect("notifications")


@login_required
def notification_preferences(request):
    form = EmailPreferencesForm(
        request.POST or None,
        preferences=selectors.email_preferences(request.user),
        kinds=kinds_reaching(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.email_preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your email choices are saved."))
        return redirect("notification_preferences")
    return render(request, "mentorship/notification_preferences.html", {"form": form})


def center_apply(request):
    """A university applies to open a service center of its own (no account needed)."""
    form = CenterApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _allow_application_from(request):
            form.add_error(None, _("Too many applications from your network. Try again later."))
        else:
            applicant = request.user if request.user.is_authenticated else None
            services.center_apply(applicant=applicant, **form.cleaned_data)
            messages.success(
                request,
                _("Your application is submitted. The program office will contact you."),
            )
            return redirect("home")
    return render(request, "mentorship/center_apply.html", {"form": form})


def _allow_application_from(request, limit=5) -> bool:
    """At most `limit` applications an hour from one address: the form is public."""
    key = f"center-apply:{client_ip(request)}"
    cache.add(key, 0, 3600)
    return cache.incr(key) <= limit


@login_required
def privacy(request):
    return render(request, "mentorship/privacy.html", {"erase_form": AccountEraseForm()})


@login_required
@require_POST
def privacy_export(request):
    archive = personal_data_archive(request.user)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-mentorship-data.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def privacy_erase(request):
    form = AccountEraseForm(request.POST)
    if form.is_valid():
        try:
            account_erase(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is closed and your personal data erased."))
            return redirect("home")
    return render(request, "mentorship/privacy.html", {"erase_form": form}, status=400)
