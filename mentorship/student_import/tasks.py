"""Background job of the student import: the write runs in a worker, not in the request."""

from celery import shared_task

from mentorship.jobs import CenterTask


# No automatic retries: a failed import is marked failed with nothing written, and the
# coordinator decides whether to upload again. A worker that dies mid-write leaves the import
# "importing" and the message unacknowledged, so the next worker runs it again from the start.
@shared_task(base=CenterTask, bind=True)
def student_import_task(self, import_id, actor_id, center=None):
    """Write one checked import; running it twice writes it once."""
    from mentorship.student_import.services import student_import_execute

    student_import = student_import_execute(center=center, import_id=import_id, actor_id=actor_id)
    return student_import.status if student_import is not None else None


@shared_task(base=CenterTask, bind=True)
def student_import_emails_task(self, email_ids, center=None):
    """Send one round of welcome emails of an import; an email already sent is skipped.

    An email that cannot be sent now is handed to the portal's own email task, which retries
    it with back-off, so one bad address does not hold up the others.
    """
    from mentorship.jobs import enqueue
    from mentorship.notifications import EmailDeliveryError, deliver_email_task, email_deliver

    sent = 0
    for email_id in email_ids:
        try:
            sent += bool(email_deliver(email_id=email_id))
        except EmailDeliveryError:
            enqueue(
                deliver_email_task, args=[email_id], kwargs={"center_id": center.pk}, countdown=60
            )
    return sent
