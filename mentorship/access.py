"""Who may open a center page: declared on each view, read by the isolation matrix."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404


def center_public(view):
    """A center page anyone may see (the center's home)."""
    view.center_access = "public"
    return view


def center_member(*roles):
    """Only members of the current center with one of `roles` (any role if none given).

    Not a member at all: 404, the same answer as for a row that does not exist.
    A member in another role: 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.center_roles:
                raise Http404
            if roles and not request.center_roles.intersection(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.center_access = tuple(roles) or "member"
        return wrapped

    return decorator


def program_staff_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_program_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
