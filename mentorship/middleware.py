"""Request plumbing: the current service center, its scope, the client IP, staff MFA."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from mentorship.audit import current_ip
from mentorship.client import client_ip
from mentorship.models import Membership, Role, ServiceCenter
from mentorship.scoping import center_scope, own_rows_across_centers
from mentorship.selectors import center_by_slug, roles_in
from mentorship.visitor import center_slug_of, kept, session_user

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MFA_CHECKED_KEY = "_staff_mfa_checked"


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's `request.user`, the account read from the cache (`visitor.session_user`):
    a signed-in page no longer queries the user table."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: session_user(request))


class RequestContextMiddleware:
    """Makes the client's address available to the audit trail for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class CenterMiddleware:
    """Resolves /c/<center-slug>/ to `request.center` and runs *and renders* the view
    inside that center's scope.

    A missing center and one the visitor may not see (still applying) are the same 404.
    `request.center_roles` holds the visitor's active roles there; a suspended center
    refuses every change.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.center = None
        request.center_roles = frozenset()
        slug = center_slug_of(request)
        if slug is None:
            return self.get_response(request)

        center = center_by_slug(slug, kept=kept(request))
        user = request.user
        if center is None or (
            center.status == ServiceCenter.Status.APPLIED
            and not (user.is_authenticated and user.is_program_staff)
        ):
            raise Http404(_("No such service center."))

        with center_scope(center):
            if user.is_authenticated:
                request.center_roles = roles_in(user, center)
            request.center = center
            if center.is_suspended and request.method not in SAFE_METHODS:
                return render(request, "mentorship/center_suspended.html", status=403)
            response = self.get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The slug was consumed above; views receive the center as request.center.
        view_kwargs.pop("center_slug", None)


class StaffMFAMiddleware:
    """Where MFA is required (production), bureau and program staff must enrol TOTP first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MFA_REQUIRED_FOR_STAFF and self._needs_enrolment(request):
            allowed = (reverse("mfa_index"), "/accounts/", "/i18n/", settings.STATIC_URL)
            if not request.path.startswith(allowed):
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _needs_enrolment(request) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        # Once a staff member has an authenticator, remember it for the session: the check
        # costs two queries. Removing an authenticator forgets it (see forget_mfa_check).
        if request.session.get(MFA_CHECKED_KEY) == user.pk:
            return False
        with own_rows_across_centers():
            is_staff = (
                user.is_program_staff
                or Membership.objects.filter(user=user, role=Role.BUREAU, is_active=True).exists()
            )
        if (
            is_staff
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return True
        request.session[MFA_CHECKED_KEY] = user.pk
        return False


def forget_mfa_check(sender, request=None, **kwargs):
    """allauth's authenticator_removed: check the staff member's MFA again next request."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(MFA_CHECKED_KEY, None)
