"""Where a student lands after signing in: their profile until it is complete, their
applications while an offer waits for their answer, otherwise their home with the positions
recommended for them."""

from mentorship.landing import register_landing
from mentorship.links import center_url
from mentorship.models import Role
from students import selectors


@register_landing(Role.STUDENT)
def student_landing(*, center, user) -> str:
    profile = selectors.student_profile_of(center=center, user=user)
    if profile is None or not profile.is_complete:
        return center_url(center, "center:students:profile")
    if selectors.has_offer_to_answer(profile):
        return center_url(center, "center:students:my_applications")
    return center_url(center, "center:students:student_home")
