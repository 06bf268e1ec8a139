"""Pages of one service center (/c/<slug>/): request.center is set by CenterMiddleware."""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship import selectors, services
from mentorship.access import center_member, center_public
from mentorship.forms import (
    InvitationForm,
    InvitationSignupForm,
    JoinCenterForm,
)
from mentorship.models import (
    Role,
    User,
)
from mentorship.panels import CENTER_HOME, panels
from mentorship.views.common import error_text, form_errors_from


@center_public
def center_home(request):
    return render(
        request,
        "mentorship/center_home.html",
        {
            "join_form": JoinCenterForm(),
            "panels": panels(CENTER_HOME, center=request.center),
        },
    )


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
            messages.error(request, error_text(error))
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
            problem = error_text(error)
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
