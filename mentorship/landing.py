"""Where a person lands after signing in: the page where their work is.

The order, when a person holds several roles (a safe `next` parameter wins before any of it):

1. program staff: the program console;
2. coordinator: the center's console;
3. bureau staff: their review queues;
4. enterprise representative: their enterprise's page;
5. student: "complete your profile" until it is complete, then the position search;
6. mentor: the center's home.

Staff roles come first because their queues wait on them; among centers where the person
holds that role, the one they joined first. Centers still applying are skipped; no
membership at all lands on the dashboard, which lists the centers to join.

The core knows only its own pages: each app registers the landing of the roles whose work
lives in it (`register_landing` in `<app>/landing.py`), the way report kinds register.
"""

from collections.abc import Callable

from django.urls import reverse

from mentorship.links import center_url
from mentorship.models import Membership, Role, ServiceCenter
from mentorship.scoping import center_scope, own_rows_across_centers

ROLE_ORDER = (Role.COORDINATOR, Role.BUREAU, Role.ENTERPRISE, Role.STUDENT, Role.MENTOR)

# role -> page(center=, user=) -> a path, or "" for the center's home. Runs in the center's
# scope.
LANDINGS: dict[str, Callable[..., str]] = {}


def register_landing(role: str):
    def decorator(page):
        LANDINGS[role] = page
        return page

    return decorator


@register_landing(Role.COORDINATOR)
def coordinator_landing(*, center, user) -> str:
    return center_url(center, "center:console")


def main_membership(user) -> Membership | None:
    """The membership whose work comes first, by ROLE_ORDER then the date joined."""
    with own_rows_across_centers():
        memberships = list(
            Membership.objects.filter(
                user=user,
                is_active=True,
                role__in=ROLE_ORDER,
                center__status__in=[
                    ServiceCenter.Status.LICENSED,
                    ServiceCenter.Status.ACTIVE,
                    ServiceCenter.Status.SUSPENDED,
                ],
            )
            .select_related("center")
            .order_by("created_at", "pk")
        )
    # min() keeps the first of equals: the earliest membership of the best role.
    return min(memberships, key=lambda m: ROLE_ORDER.index(m.role), default=None)


def landing_url(user) -> str:
    if user.is_program_staff:
        return reverse("program_console")
    membership = main_membership(user)
    if membership is None:
        return reverse("dashboard")
    center = membership.center
    page = LANDINGS.get(membership.role)
    with center_scope(center):
        url = page(center=center, user=user) if page else ""
    return url or center_url(center, "center:home")
