# The students app names the student imports' table after itself.

from django.db import migrations


def relabel(apps, schema_editor):
    """The audit trail and content types name student imports by their new app."""
    AuditEntry = apps.get_model("mentorship", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEntry.objects.filter(target_type="mentorship.studentimport").update(
        target_type="students.studentimport"
    )
    if ContentType.objects.filter(app_label="students", model="studentimport").exists():
        ContentType.objects.filter(app_label="mentorship", model="studentimport").delete()
    else:
        ContentType.objects.filter(app_label="mentorship", model="studentimport").update(
            app_label="students"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('students', '0007_student_import'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='studentimport',
            table=None,
        ),
        migrations.RunPython(relabel, migrations.RunPython.noop),
    ]
