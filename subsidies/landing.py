"""Where bureau staff land after signing in: they review bases and subsidy claims."""

from bases import selectors as base_selectors
from mentorship.landing import center_url, register_landing
from mentorship.models import Role
from subsidies import selectors


@register_landing(Role.BUREAU)
def bureau_landing(*, center, user) -> str:
    """The base review queue, unless only subsidy claims are waiting."""
    if (
        not base_selectors.base_queue(center=center).exists()
        and selectors.claim_queue(center=center).exists()
    ):
        return center_url(center, "center:subsidies:claim_queue")
    return center_url(center, "center:bases:base_queue")
