"""A person's calendar in a center: the page listing what every app registered for them,
with their secret feed address (made, copied, renewed, revoked), and the feed itself."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mentorship import selectors, services
from mentorship.access import center_member, center_public
from mentorship.calendar import calendar_items, ics_bytes
from mentorship.links import center_url
from mentorship.mail import absolute_url
from mentorship.views.common import error_text


def _feed_address(center, feed) -> str:
    return (
        absolute_url(center_url(center, "center:calendar_feed", token=feed.token)) if feed else ""
    )


@center_member()
def my_calendar(request):
    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                services.calendar_feed_revoke(center=request.center, actor=request.user)
                messages.success(
                    request, _("The address is revoked: calendars that used it get nothing more.")
                )
            else:
                services.calendar_feed_renew(center=request.center, actor=request.user)
                messages.success(request, _("Your new calendar address is below."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
        return redirect(center_url(request.center, "center:calendar"))
    feed = selectors.calendar_feed_of(center=request.center, user=request.user)
    items = calendar_items(center=request.center, user=request.user)
    return render(
        request,
        "mentorship/calendar.html",
        {"items": items, "feed": feed, "feed_url": _feed_address(request.center, feed)},
    )


@center_public
def calendar_feed_ics(request, token):
    """What calendar apps poll; the secret address is the only key, so a revoked or
    unknown one is simply not found."""
    feed = selectors.calendar_feed_by_token(center=request.center, token=token)
    if feed is None:
        raise Http404
    items = calendar_items(center=request.center, user=feed.user)
    name = _("My calendar – %(center)s") % {"center": request.center}
    response = HttpResponse(
        ics_bytes(items, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
