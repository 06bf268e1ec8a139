# The subsidies app names its own tables and indexes.

from django.db import migrations

MODELS = ("subsidyclaim", "subsidyline", "subsidymonth")


def relabel(apps, schema_editor):
    """The audit trail and content types name these models by their new app."""
    AuditEntry = apps.get_model("mentorship", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        AuditEntry.objects.filter(target_type=f"bases.{model}").update(
            target_type=f"subsidies.{model}"
        )
        if ContentType.objects.filter(app_label="subsidies", model=model).exists():
            ContentType.objects.filter(app_label="bases", model=model).delete()
        else:
            ContentType.objects.filter(app_label="bases", model=model).update(
                app_label="subsidies"
            )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('subsidies', '0001_initial'),
    ]

    operations = [
        migrations.RenameIndex(
            model_name='subsidyclaim',
            new_name='subsidies_s_center__34e07a_idx',
            old_name='bases_subsi_center__a977e5_idx',
        ),
        migrations.RenameIndex(
            model_name='subsidyclaim',
            new_name='subsidies_s_center__e8517c_idx',
            old_name='bases_subsi_center__3c2da2_idx',
        ),
        migrations.RenameIndex(
            model_name='subsidyclaim',
            new_name='subsidies_s_base_id_008340_idx',
            old_name='bases_subsi_base_id_22f1e5_idx',
        ),
        migrations.AlterModelTable(
            name='subsidyclaim',
            table=None,
        ),
        migrations.AlterModelTable(
            name='subsidyline',
            table=None,
        ),
        migrations.AlterModelTable(
            name='subsidymonth',
            table=None,
        ),
        migrations.RunPython(relabel, migrations.RunPython.noop),
    ]
