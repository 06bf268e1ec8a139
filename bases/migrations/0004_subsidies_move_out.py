# Subsidy claims moved to the subsidies app: its first migration takes over these models and
# their tables; nothing changes in the database here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("bases", "0003_subsidy_claims"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SubsidyMonth"),
                migrations.DeleteModel(name="SubsidyLine"),
                migrations.DeleteModel(name="SubsidyClaim"),
            ],
        ),
    ]
