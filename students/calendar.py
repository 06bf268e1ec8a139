"""The students app's part of a person's calendar: interviews, placement starts and the
application deadlines of positions applied to or found by saved searches; and one interview
as an .ics invitation."""

from datetime import timedelta

from django.utils.translation import gettext as _

from mentorship.calendar import CalendarItem, register_calendar_source
from mentorship.links import center_url
from mentorship.mail import absolute_url
from students.models import Application, Interview, Placement
from students.selectors import open_positions, saved_searches_of

CALENDAR_PAST_DAYS = 30
CALENDAR_DEADLINES = 100


def interview_item(interview, *, url: str = "") -> CalendarItem:
    application = interview.application
    position = application.position
    enterprise = position.base.enterprise
    where = interview.place if interview.mode == interview.Mode.IN_PERSON else interview.link
    lines = [
        _("Interview for “%(position)s” at %(enterprise)s")
        % {"position": position.title, "enterprise": enterprise},
        _("Candidate: %(name)s") % {"name": application.student.user.get_full_name()},
    ]
    if interview.mode == interview.Mode.ONLINE:
        lines.append(_("Online: %(link)s") % {"link": interview.link})
    if interview.note:
        lines.append(interview.note)
    return CalendarItem(
        uid=f"interview-{interview.uid}@mentorship",
        kind="interview",
        title=_("Interview: %(position)s (%(enterprise)s)")
        % {"position": position.title, "enterprise": enterprise},
        starts=interview.starts_at,
        ends=interview.ends_at,
        where=where,
        url=url,
        description="\n".join(lines),
        sequence=interview.sequence,
        cancelled=interview.status == interview.Status.CANCELLED,
    )


def _url(center, name, **kwargs) -> str:
    return absolute_url(center_url(center, f"center:students:{name}", **kwargs))


def student_calendar(*, center, user, today) -> list[CalendarItem]:
    """The person's interviews, placement starts and the application deadlines of the
    positions they applied to or that their saved searches find.

    A fixed number of queries whatever the number of rows.
    """
    since = today - timedelta(days=CALENDAR_PAST_DAYS)
    items = []
    interviews = (
        Interview.objects.filter(
            center=center,
            application__student__user=user,
            starts_at__date__gte=since,
        )
        .exclude(starts_at=None)
        .select_related("application__position__base__enterprise", "application__student__user")
    )
    for interview in interviews:
        url = _url(center, "position_detail", pk=interview.application.position_id)
        items.append(interview_item(interview, url=url))
    placements = Placement.objects.filter(
        center=center, student__user=user, start_date__gte=since
    ).select_related("position", "base__enterprise")
    for placement in placements:
        items.append(
            CalendarItem(
                uid=f"placement-{placement.pk}@mentorship",
                kind="placement",
                title=_("Placement starts: %(position)s (%(enterprise)s)")
                % {"position": placement.position.title, "enterprise": placement.base.enterprise},
                starts=placement.start_date,
                where=placement.position.city,
                url=_url(center, "placement_detail", pk=placement.pk),
            )
        )
    applied = dict(
        Application.objects.filter(
            center=center,
            student__user=user,
            status__in=(Application.Status.SUBMITTED, Application.Status.SHORTLISTED),
        ).values_list("position_id", "status")
    )
    searches = saved_searches_of(center=center, user=user)
    if not applied and not searches:
        return items
    deadlines = (
        open_positions(center=center, today=today)
        .select_related("base__enterprise")
        .order_by("deadline", "pk")
    )
    if not searches:
        deadlines = deadlines.filter(pk__in=list(applied))
    shown = 0
    for position in deadlines[: CALENDAR_DEADLINES * 5]:
        if shown >= CALENDAR_DEADLINES:
            break
        if position.pk not in applied and not any(s.matches(position) for s in searches):
            continue
        shown += 1
        items.append(
            CalendarItem(
                uid=f"deadline-{position.pk}@mentorship",
                kind="deadline",
                title=_("Application deadline: %(position)s (%(enterprise)s)")
                % {"position": position.title, "enterprise": position.base.enterprise},
                starts=position.deadline,
                where=position.city,
                url=_url(center, "position_detail", pk=position.pk),
            )
        )
    return items


register_calendar_source("students", student_calendar)
