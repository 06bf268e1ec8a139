"""Each registration records its registrant's own center (a co-organizing center's students
register at another center's event), and when its holder was invited to review the event."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0010_event_partners"),
        ("mentorship", "0027_event_partners"),
        ("students", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="review_invited_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="registration",
            name="home_center",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="mentorship.servicecenter",
                verbose_name="registrant's center",
            ),
        ),
        # Until now only the organizer's own students registered, except at events shared
        # with another center: there the registrant's student profile names their center.
        migrations.RunSQL(
            """
            UPDATE events_registration SET home_center_id = CASE
              WHEN EXISTS (SELECT 1 FROM students_studentprofile o
                            WHERE o.user_id = events_registration.user_id
                              AND o.center_id = events_registration.center_id)
              THEN center_id
              ELSE COALESCE((SELECT p.center_id FROM students_studentprofile p
                  JOIN events_eventpartner ep
                    ON ep.partner_id = p.center_id AND ep.event_id = events_registration.event_id
                 WHERE p.user_id = events_registration.user_id
                 ORDER BY p.id LIMIT 1), center_id)
            END
            """,
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="registration",
            name="home_center",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="mentorship.servicecenter",
                verbose_name="registrant's center",
            ),
        ),
    ]
