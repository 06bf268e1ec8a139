"""Where enterprise representatives land after signing in."""

from bases import selectors
from mentorship.landing import center_url, register_landing
from mentorship.models import Role


@register_landing(Role.ENTERPRISE)
def enterprise_landing(*, center, user) -> str:
    """Their enterprise's page; registering it first; the list if they represent several."""
    enterprises = list(
        selectors.represented_enterprises(user=user).values_list("pk", flat=True)[:2]
    )
    if not enterprises:
        return center_url(center, "center:bases:enterprise_register")
    if len(enterprises) > 1:
        return center_url(center, "center:bases:enterprise_list")
    return center_url(center, "center:bases:enterprise_detail", pk=enterprises[0])
