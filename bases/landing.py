"""Where bureau staff and enterprise representatives land after signing in."""

from bases import selectors
from bases.subsidies import selectors as subsidy_selectors
from mentorship.landing import register_landing
from mentorship.links import center_url
from mentorship.models import Role


@register_landing(Role.BUREAU)
def bureau_landing(*, center, user) -> str:
    """The base review queue, unless only subsidy claims are waiting."""
    if (
        not selectors.base_queue(center=center).exists()
        and subsidy_selectors.claim_queue(center=center).exists()
    ):
        return center_url(center, "center:bases:claim_queue")
    return center_url(center, "center:bases:base_queue")


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
