# The events' calendar feeds move to the person's one calendar address in the core
# (mentorship.CalendarFeed), keeping their tokens and revocations: calendar apps subscribed
# to /c/<slug>/events/calendar/<token>.ics keep getting the person's calendar. A live
# address of a person who already has one there (from the students' feed) is carried over
# beside it and answers until the person renews or revokes.

from django.db import migrations


def move_feeds(apps, schema_editor):
    OldFeed = apps.get_model("events", "CalendarFeed")
    NewFeed = apps.get_model("mentorship", "CalendarFeed")
    AuditEntry = apps.get_model("mentorship", "AuditEntry")
    for old in OldFeed.objects.order_by("pk").iterator():
        has_live = (
            old.revoked_at is None
            and NewFeed.objects.filter(
                center_id=old.center_id, user_id=old.user_id, revoked_at=None, carried_over=False
            ).exists()
        )
        new = NewFeed.objects.create(
            center_id=old.center_id,
            user_id=old.user_id,
            token=old.token,
            created_at=old.created_at,
            revoked_at=old.revoked_at,
            carried_over=has_live,
        )
        AuditEntry.objects.filter(target_type="events.calendarfeed", target_id=str(old.pk)).update(
            target_type="mentorship.calendarfeed", target_id=str(new.pk)
        )


class Migration(migrations.Migration):

    dependencies = [
        ("mentorship", "0017_calendar_feeds"),
        # After the students' addresses, so that theirs stays a person's own address.
        ("students", "0012_calendar_feed_moves_to_core"),
        ("events", "0007_calendar_feeds"),
    ]

    operations = [
        migrations.RunPython(move_feeds, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="calendarfeed",
            name="one_live_calendar_feed",
        ),
        migrations.DeleteModel(
            name="CalendarFeed",
        ),
    ]
