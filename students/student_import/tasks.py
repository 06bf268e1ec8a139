"""Background job of the student import: the write runs in a worker, not in the request."""

from celery import shared_task
from django.db import transaction

from mentorship.scoping import system_scope
from mentorship.tasks import CenterTask, enqueue, register_stuck_job_sweeper
from students.models import StudentImport


# No automatic retries: a failed import is marked failed with nothing written, and the
# coordinator decides whether to upload again. A worker that dies mid-write leaves the import
# "importing" and the message unacknowledged, so the next worker runs it again from the start.
@shared_task(base=CenterTask, bind=True)
def student_import_task(self, import_id, actor_id, center=None):
    """Write one checked import; running it twice writes it once."""
    from students.student_import.services import student_import_execute

    student_import = student_import_execute(center=center, import_id=import_id, actor_id=actor_id)
    return student_import.status if student_import is not None else None


@shared_task(base=CenterTask, bind=True)
def student_import_emails_task(self, email_ids, center=None):
    """Send one round of welcome emails of an import; an email already sent is skipped.

    An email that cannot be sent now is handed to the portal's own email task, which retries
    it with back-off, so one bad address does not hold up the others.
    """
    from mentorship.notifications import EmailDeliveryError, email_deliver
    from mentorship.tasks import deliver_email_task

    sent = 0
    for email_id in email_ids:
        try:
            sent += bool(email_deliver(email_id=email_id))
        except EmailDeliveryError:
            enqueue(
                deliver_email_task, args=[email_id], kwargs={"center_id": center.pk}, countdown=60
            )
    return sent


@register_stuck_job_sweeper("imports")
def sweep_stuck_imports(*, written_before) -> int:
    """Enqueue again the imports started before `written_before` that are still waiting for
    their worker; an import being written holds its row locked and is left alone."""
    with system_scope(), transaction.atomic():
        imports = list(
            StudentImport.objects.select_for_update(skip_locked=True)
            .filter(status=StudentImport.Status.IMPORTING, created_at__lt=written_before)
            .values_list("pk", "center_id", "created_by_id")[:100]
        )
    for import_id, center_id, actor_id in imports:
        enqueue(student_import_task, args=[import_id, actor_id], kwargs={"center_id": center_id})
    return len(imports)
