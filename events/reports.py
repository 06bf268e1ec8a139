"""Reports of events: an event's attendance as CSV or XLSX, for its organizer, and for a
co-organizing center the attendance of its own students."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration
from events.selectors import co_organized, partner_event_registrations
from mentorship.models import Role
from mentorship.reports import register_report
from mentorship.scoping import shared_with_center


def _time(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def attendance_label(registration, ended: bool) -> str:
    if registration.status != Registration.Status.REGISTERED:
        return str(registration.get_status_display())
    if registration.checked_in_at:
        return str(_("Checked in"))
    return str(_("No-show")) if ended else str(_("Registered, not yet checked in"))


HEADERS = [
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


@register_report("event_attendance", title=_("Event attendance"), roles=(Role.COORDINATOR,))
def event_attendance_report(report):
    """Everyone who registered for the event in report.params["event"], in line order."""
    event = Event.objects.get(center=report.center, pk=report.params.get("event"))
    ended = timezone.now() >= event.ends_at
    rows = (
        Registration.objects.filter(event=event)
        .select_related("user", "review", "session")
        .order_by("queue_number", "pk")
    )
    return HEADERS, (_row(event, r, ended) for r in rows.iterator(chunk_size=2000)), rows.count()


def _row(event, r, ended):
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


@register_report(
    "event_partner_attendance",
    title=_("Our students' attendance at a co-organized event"),
    roles=(Role.COORDINATOR,),
)
def event_partner_attendance_report(report):
    """A co-organizing center's own students at the event in report.params["event"], in
    line order: read in the center's shared scope, audited as its staff reading there, and
    read whole there (one event's students of one center) so that the file is written
    back in the center's own scope."""
    center = report.center
    with shared_with_center(
        center,
        actor=report.requested_by,
        reason=f"attendance export of event {report.params.get('event')}",
    ):
        event = Event.objects.get(pk=report.params.get("event"), pk__in=co_organized(center=center))
        ended = timezone.now() >= event.ends_at
        rows = [
            _row(event, r, ended)
            for r in partner_event_registrations(event=event, center=center).select_related(
                "user", "review"
            )
        ]
    return HEADERS, rows, len(rows)
