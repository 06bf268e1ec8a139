"""Pages of the program core: home, dashboard, notifications, program console, center pages."""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from mentorship import selectors, services
from mentorship.access import center_member, center_public, program_staff_required
from mentorship.forms import (
    CenterStatusForm,
    EmailPreferencesForm,
    InvitationForm,
    InvitationSignupForm,
    JoinCenterForm,
)
from mentorship.models import (
    AuditEntry,
    EmailPreference,
    Membership,
    Role,
    ServiceCenter,
    User,
)
from mentorship.scoping import program_scope


def form_errors_from(form, error: ValidationError) -> None:
    """Show a service's refusal beside the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def home(request):
    centers = ServiceCenter.objects.filter(
        status__in=[
            ServiceCenter.Status.LICENSED,
            ServiceCenter.Status.ACTIVE,
            ServiceCenter.Status.SUSPENDED,
        ]
    ).order_by("pk")
    return render(request, "mentorship/home.html", {"centers": centers})


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
        request.user.language = language
        request.user.save(update_fields=["language"])
    return django_set_language(request)


@login_required
def notification_list(request):
    notifications = request.user.notifications.select_related("center")
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "mentorship/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request):
    """Mark one notification (or all of them) read, then go where it points."""
    unread = request.user.notifications.filter(read_at__isnull=True)
    pk = request.POST.get("pk")
    if pk:
        notification = get_object_or_404(request.user.notifications, pk=pk)
        unread.filter(pk=notification.pk).update(read_at=timezone.now())
        target = notification.url
    else:
        unread.update(read_at=timezone.now())
        target = ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return HttpResponseRedirect(target)
    return redirect("notifications")


@login_required
def notification_preferences(request):
    current = dict(
        EmailPreference.objects.filter(user=request.user).values_list("kind", "send_email")
    )
    form = EmailPreferencesForm(request.POST or None, preferences=current)
    if request.method == "POST" and form.is_valid():
        for kind, wanted in form.cleaned_data.items():
            EmailPreference.objects.update_or_create(
                user=request.user, kind=kind, defaults={"send_email": wanted}
            )
        messages.success(request, _("Your email choices are saved."))
        return redirect("notification_preferences")
    return render(request, "mentorship/notification_preferences.html", {"form": form})


# Program staff console: the explicit, audited path across service centers.


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


# Pages of one service center (/c/<slug>/): request.center is set by CenterMiddleware.


@center_public
def center_home(request):
    return render(request, "mentorship/center_home.html", {"join_form": JoinCenterForm()})


@center_public
@login_required
@require_POST
def center_join(request):
    form = JoinCenterForm(request.POST)
    if form.is_valid():
        try:
            services.membership_join(
                center=request.center, user=request.user, role=form.cleaned_data["role"]
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Welcome! You have joined this service center."))
    return redirect("center:home", center_slug=request.center.slug)


@center_member(Role.COORDINATOR)
def center_members(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                center=request.center, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("center:members", center_slug=request.center.slug)
    return render(
        request,
        "mentorship/center_members.html",
        {
            "members": selectors.center_members(center=request.center)[:500],
            "invitations": selectors.center_invitations(center=request.center)[:100],
            "form": form,
        },
    )


@center_member(Role.COORDINATOR)
@require_POST
def invitation_revoke(request, pk):
    invitation = selectors.access_invitation_by_pk(center=request.center, pk=pk)
    try:
        services.invitation_revoke(center=request.center, actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation is revoked."))
    return redirect("center:members", center_slug=request.center.slug)


@center_member(Role.COORDINATOR, Role.BUREAU)
def center_audit(request):
    entries = AuditEntry.objects.filter(center=request.center).select_related("actor")[:200]
    return render(request, "mentorship/audit.html", {"entries": entries})


@center_public
def invitation_accept(request, token):
    """The link from an invitation email: set up an account or sign in, then accept."""
    invitation = selectors.access_invitation(center=request.center, token=token)
    problem = services.invitation_problem(invitation)
    user = request.user
    account_exists = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if not problem and not user.is_authenticated and not account_exists:
        form = InvitationSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and not problem:
        try:
            if form is not None:
                if form.is_valid():
                    user = services.user_create_from_invitation(
                        invitation=invitation,
                        name=form.cleaned_data["name"],
                        password=form.cleaned_data["password1"],
                    )
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                    get_account_adapter(request).add_message(
                        request, messages.SUCCESS, "account/messages/logged_in.txt", {"user": user}
                    )
                else:
                    user = None
            elif user.is_authenticated:
                services.invitation_accept(invitation=invitation, user=user)
            if user is not None and user.is_authenticated:
                messages.success(
                    request, _("You have joined %(center)s.") % {"center": request.center.name}
                )
                return redirect("center:home", center_slug=request.center.slug)
        except (ValidationError, PermissionDenied) as error:
            problem = " ".join(getattr(error, "messages", [str(error)]))
    login_url = reverse("account_login") + "?next=" + request.get_full_path()
    return render(
        request,
        "mentorship/invitation_accept.html",
        {
            "invitation": invitation,
            "problem": problem,
            "form": form,
            "account_exists": account_exists,
            "login_url": login_url,
        },
    )
