# Student imports moved to the students app: its migration 0007 takes over the model and
# its table; nothing changes in the database here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0009_outgoing_email_html_and_application_language"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="StudentImport"),
            ],
        ),
    ]
