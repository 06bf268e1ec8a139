# The students' calendar addresses move to the person's one calendar address in the core
# (mentorship.CalendarFeed), keeping their tokens: calendar apps subscribed to
# /c/<slug>/calendar/<token>.ics keep getting the person's calendar.

from django.db import migrations


def move_feeds(apps, schema_editor):
    OldFeed = apps.get_model("students", "CalendarFeed")
    NewFeed = apps.get_model("mentorship", "CalendarFeed")
    AuditEntry = apps.get_model("mentorship", "AuditEntry")
    for old in OldFeed.objects.order_by("pk").iterator():
        live = NewFeed.objects.filter(
            center_id=old.center_id, user_id=old.user_id, revoked_at=None, carried_over=False
        ).exists()
        new = NewFeed.objects.create(
            center_id=old.center_id,
            user_id=old.user_id,
            token=old.token,
            created_at=old.created_at,
            carried_over=live,
        )
        AuditEntry.objects.filter(
            target_type="students.calendarfeed", target_id=str(old.pk)
        ).update(target_type="mentorship.calendarfeed", target_id=str(new.pk))


class Migration(migrations.Migration):

    dependencies = [
        ("mentorship", "0017_calendar_feeds"),
        ("students", "0011_application_source"),
    ]

    operations = [
        migrations.RunPython(move_feeds, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="calendarfeed",
            name="one_calendar_feed",
        ),
        migrations.DeleteModel(
            name="CalendarFeed",
        ),
    ]
