"""Reports of events: an event's attendance as CSV or XLSX."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration
from mentorship.models import Role
from mentorship.reports import register_report


def _time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def attendance_label(registration, ended: bool) -> str:
    if registration.status != Registration.Status.REGISTERED:
        return str(registration.get_status_display())
    if registration.checked_in_at:
        return str(_("Checked in"))
    return str(_("No-show")) if ended else str(_("Registered, not yet checked in"))


@register_report("event_attendance", title=_("Event attendance"), roles=(Role.COORDINATOR,))
def event_attendance_report(report):
    """Everyone who registered for the event in report.params["event"], in line order."""
    event = Event.objects.get(center=report.center, pk=report.params.get("event"))
    ended = timezone.now() >= event.ends_at
    headers = [
        _("Event"),
        _("Place in line"),
        _("Name"),
        _("Email"),
        _("Status"),
        _("Attendance"),
        _("Walk-in"),
        _("Registered at"),
        _("Checked in"),
        _("Rating"),
        _("Session"),
    ]
    rows = (
        Registration.objects.filter(event=event)
        .select_related("user", "review", "session")
        .order_by("queue_number", "pk")
    )

    def row(r):
        review = getattr(r, "review", None)
        return [
            event.title,
            r.queue_number,
            r.name,
            r.user.email if r.user else "",
            r.get_status_display(),
            attendance_label(r, ended),
            _("Yes") if r.walk_in else "",
            _time(r.created_at),
            _time(r.checked_in_at),
            review.rating if review else "",
            r.session.title if r.session else "",
        ]

    return headers, (row(r) for r in rows.iterator(chunk_size=2000)), rows.count()
