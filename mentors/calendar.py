"""The mentors app's part of a person's calendar: booked consultations at face-to-face
tutor activities, for the student who booked and for the mentor who holds them."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentors.models import ConsultationSlot
from mentorship.calendar import CalendarItem, register_calendar_source
from mentorship.links import center_url
from mentorship.mail import absolute_url

PAST_DAYS = 30
LIMIT = 500


def consultation_items(*, center, user, today) -> list[CalendarItem]:
    since = timezone.make_aware(datetime.combine(today - timedelta(days=PAST_DAYS), time.min))
    slots = (
        ConsultationSlot.objects.filter(center=center, starts_at__gte=since, student__isnull=False)
        .filter(Q(student=user) | Q(mentor__user=user))
        .select_related("activity", "mentor__user", "student")
        .order_by("starts_at", "pk")[:LIMIT]
    )
    items = []
    for slot in slots:
        if slot.mentor.user_id == user.pk:
            title = _("Consultation with %(student)s (%(activity)s)") % {
                "student": slot.student.get_full_name(),
                "activity": slot.activity,
            }
        else:
            title = _("Consultation with %(mentor)s (%(activity)s)") % {
                "mentor": slot.mentor.user.get_full_name(),
                "activity": slot.activity,
            }
        items.append(
            CalendarItem(
                uid=f"consultation-{slot.pk}-{slot.student_id}@mentorship",
                kind="consultation",
                title=title,
                starts=slot.starts_at,
                ends=slot.ends_at,
                where=slot.activity.venue,
                url=absolute_url(
                    center_url(center, "center:mentors:activity", pk=slot.activity_id)
                ),
            )
        )
    return items


register_calendar_source("mentors", consultation_items)
