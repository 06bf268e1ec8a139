"""allauth's account pages where the portal adds to them: sign-up from a center's page."""

from allauth.account.views import SignupView as AllauthSignupView

from mentorship.adapters import SIGNUP_CENTER_KEY
from mentorship.forms import open_centers


class SignupView(AllauthSignupView):
    """Sign-up with the center the person came from chosen (`?center=<slug>`).

    A slug that names no center open to sign-ups is ignored: the usual first center stays
    chosen, and nothing tells the visitor which slugs exist.
    """

    def get_initial(self):
        initial = super().get_initial()
        slug = self.request.GET.get("center", "")
        center = open_centers().filter(slug=slug[:40]).first() if slug else None
        if center is not None:
            initial["center"] = center.pk
            # Kept for a sign-up that goes through WeChat first and comes back.
            self.request.session[SIGNUP_CENTER_KEY] = center.pk
        return initial


signup = SignupView.as_view()
