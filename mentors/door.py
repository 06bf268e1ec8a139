"""The poster at an activity's door: the take-a-number address its QR code carries, and the
QR itself as SVG."""

import io

import segno
from django.conf import settings

from mentorship.links import center_url
from mentorship.mail import absolute_url


def take_number_url(activity) -> str:
    """The take-a-number page of the activity, absolute: a phone's camera opens it."""
    path = center_url(activity.center, "center:mentors:walk_in_take", code=activity.door_code)
    url = absolute_url(path)
    if url.startswith("http://") and not settings.DEBUG:
        url = "https://" + url.removeprefix("http://")
    return url


def qr_svg(activity) -> str:
    qr = segno.make(take_number_url(activity), error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True, title="QR")
    return out.getvalue().decode()
