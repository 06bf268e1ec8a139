"""Workflow of a student import: check a file, run it, write it all or none, and welcome the
imported students, who set their own password from the link in their email."""

import logging
import re
import secrets
from datetime import timedelta
from pathlib import PurePath

from allauth.account.models import EmailAddress
from celery import shared_task
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from mentorship.audit import audit
from mentorship.jobs import CenterTask, enqueue_on_commit
from mentorship.mail import PreparedEmail, email_language
from mentorship.models import (
    Invitation,
    Membership,
    NotificationKind,
    OutgoingEmail,
    Role,
    University,
    User,
)
from mentorship.notifications import (
    absolute_url,
    deliver_each,
    notify,
)
from mentorship.services import ensure_center_can_act, ensure_role, invitation_problem
from mentorship.visitor import forget_visitors
from students.models import StudentImport, StudentProfile
from students.student_import import checks, parsing
from students.student_import.selectors import progress_key

logger = logging.getLogger(__name__)

# Rows written per round of bulk inserts; progress is reported after each round.
WRITE_BATCH = 500
# A whole year group is imported at once and not everyone reads email that week.
STUDENT_INVITATION_DAYS = 30

# Why progress lives in the cache, not in `processed_rows` while the rows are written: the
# rows go in as one transaction, so an update of the import row on the same connection stays
# invisible until the end, and one through a second connection would wait on the lock this
# transaction holds on that row. The cache (Redis, shared by workers and web) is outside any
# transaction, so the progress page sees each round as it happens; `processed_rows` is set
# together with the students, so it never counts rows that were rolled back.
PROGRESS_TIMEOUT = 6 * 3600

# Why an import failed, kept as a code so the page says it in the reader's language.
FAILURES = {
    "changed": _(
        "Since the file was checked, some of its students were added to the portal another "
        "way, so it no longer passes the check. Nothing was imported: see the problems below, "
        "fix the file and upload it again."
    ),
    "conflict": _(
        "Some students of this file were added by another change while the import ran. "
        "Nothing was imported: upload the file again to check it against the current data."
    ),
    "file": _("The stored file could not be read again. Nothing was imported: upload it again."),
    "unexpected": _(
        "The import failed unexpectedly. Nothing was imported; try again, and tell the "
        "program staff if it happens again."
    ),
}


def failure_message(student_import) -> str:
    message = FAILURES.get(student_import.error)
    return str(message) if message is not None else student_import.error


def _report_progress(import_id, phase: str, rows: int) -> None:
    cache.set(progress_key(import_id), {"phase": phase, "rows": rows}, PROGRESS_TIMEOUT)


def _clean_name(name: str) -> str:
    name = re.sub(r"[\x00-\x1f\x7f]", "", PurePath(name.replace("\\", "/")).name).strip()
    return name[:200] or "students"


def _read_upload(uploaded_file) -> bytes:
    if uploaded_file is None or uploaded_file.size == 0:
        raise parsing.file_error(_("The file is empty."), "empty")
    if uploaded_file.size > parsing.MAX_FILE_BYTES:
        raise parsing.file_error(
            _("The file is too large (%(size).1f MB); the limit is %(limit)d MB.")
            % {
                "size": uploaded_file.size / 1024 / 1024,
                "limit": parsing.MAX_FILE_BYTES // 1024 // 1024,
            },
            "too_large",
        )
    uploaded_file.seek(0)
    return b"".join(uploaded_file.chunks())


def student_import_check(*, center, actor, uploaded_file) -> StudentImport:
    """Check a whole file and keep it, privately, with every problem found.

    A file that cannot be read as a list of students raises ValidationError and is not kept.
    """
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    data = _read_upload(uploaded_file)
    result = checks.check_file(center=center, data=data)
    with transaction.atomic():
        student_import = StudentImport(
            center=center,
            original_name=_clean_name(uploaded_file.name or ""),
            created_by=actor,
            total_rows=result.total_rows,
            problems=result.problems,
        )
        # Named by what the content is, whatever the uploaded name said.
        student_import.file.save(f"students.{result.kind}", ContentFile(data), save=False)
        student_import.save()
        audit(
            center=center,
            actor=actor,
            verb="student_import.checked",
            target=student_import,
            after={
                "rows": result.total_rows,
                "rows_with_problems": result.rows_with_problems,
                "ignored_columns": result.ignored_columns,
            },
        )
    return student_import


@transaction.atomic
def student_import_run(*, center, actor, student_import) -> StudentImport:
    """Start writing a checked file without problems; the work happens in a Celery task."""
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.COORDINATOR)
    student_import = StudentImport.objects.select_for_update(of=("self",)).get(pk=student_import.pk)
    if student_import.status != StudentImport.Status.CHECKED:
        raise ValidationError(_("This import has already been started."))
    if student_import.problems:
        raise ValidationError(
            _("Nothing is imported while a row has a problem: fix the file and upload it again.")
        )
    if not student_import.total_rows:
        raise ValidationError(_("The file has no students to import."))
    student_import.status = StudentImport.Status.IMPORTING
    student_import.processed_rows = 0
    student_import.error = ""
    student_import.save(update_fields=["status", "processed_rows", "error"])
    audit(
        center=center,
        actor=actor,
        verb="student_import.started",
        target=student_import,
        before={"status": StudentImport.Status.CHECKED},
        after={"status": StudentImport.Status.IMPORTING, "rows": student_import.total_rows},
    )
    _report_progress(student_import.pk, "checking", 0)
    import_id, actor_id = student_import.pk, actor.pk
    enqueue_on_commit(
        student_import_task,
        kwargs={"import_id": import_id, "actor_id": actor_id, "center_id": center.pk},
    )
    return student_import


def student_import_execute(*, center, import_id, actor_id) -> StudentImport | None:
    """The task's work: check the file again and write every student in one transaction.

    Safe to run twice: the import row is locked for the whole write and only an import still
    marked "importing" is written. Any failure leaves nothing written and the import failed.
    """
    try:
        with transaction.atomic():
            student_import = (
                StudentImport.objects.select_for_update(of=("self",)).filter(pk=import_id).first()
            )
            if student_import is None or student_import.status != StudentImport.Status.IMPORTING:
                return student_import
            actor = User.objects.filter(pk=actor_id).first()
            try:
                with student_import.file.open("rb") as stored:
                    data = stored.read()
                result = checks.check_file(
                    center=center,
                    data=data,
                    on_progress=lambda rows: _report_progress(import_id, "checking", rows),
                )
            except (OSError, ValidationError):
                logger.exception("Student import %s: the stored file cannot be read", import_id)
                return _fail(center, actor, student_import, "file")
            if result.problems:
                student_import.problems = result.problems
                return _fail(center, actor, student_import, "changed")
            counts = _write_students(
                center=center, actor=actor, student_import=student_import, result=result
            )
            student_import.status = StudentImport.Status.DONE
            student_import.processed_rows = counts["rows"]
            student_import.finished_at = timezone.now()
            student_import.save(update_fields=["status", "processed_rows", "finished_at"])
            audit(
                center=center,
                actor=actor,
                verb="student_import.done",
                target=student_import,
                before={"status": StudentImport.Status.IMPORTING},
                after={"status": StudentImport.Status.DONE, **counts},
            )
            return student_import
    except IntegrityError:
        # Another change wrote one of these students between the check and the write.
        logger.warning("Student import %s clashed with another change", import_id, exc_info=True)
        return _fail_after_rollback(center, import_id, actor_id, "conflict")
    except Exception:
        logger.exception("Student import %s failed", import_id)
        return _fail_after_rollback(center, import_id, actor_id, "unexpected")
    finally:
        cache.delete(progress_key(import_id))


# The tasks keep the names they were first registered under, which messages already in the
# broker carry.
#
# No automatic retries: a failed import is marked failed with nothing written, and the
# coordinator decides whether to upload again. A worker that dies mid-write leaves the import
# "importing" and the message unacknowledged, so the next worker runs it again from the start.
@shared_task(base=CenterTask, bind=True, name="mentorship.student_import.tasks.student_import_task")
def student_import_task(self, import_id, actor_id, center=None):
    """Write one checked import; running it twice writes it once."""
    student_import = student_import_execute(center=center, import_id=import_id, actor_id=actor_id)
    return student_import.status if student_import is not None else None


@shared_task(
    base=CenterTask, bind=True, name="mentorship.student_import.tasks.student_import_emails_task"
)
def student_import_emails_task(self, email_ids, center=None):
    """Send one round of welcome emails of an import; an email already sent is skipped."""
    return deliver_each(email_ids, center_id=center.pk)


def _fail(center, actor, student_import, reason: str) -> StudentImport:
    student_import.status = StudentImport.Status.FAILED
    student_import.error = reason
    student_import.processed_rows = 0
    student_import.finished_at = timezone.now()
    student_import.save(
        update_fields=["status", "error", "processed_rows", "finished_at", "problems"]
    )
    audit(
        center=center,
        actor=actor,
        verb="student_import.failed",
        target=student_import,
        before={"status": StudentImport.Status.IMPORTING},
        after={"status": StudentImport.Status.FAILED, "reason": reason},
    )
    return student_import


@transaction.atomic
def _fail_after_rollback(center, import_id, actor_id, reason: str) -> StudentImport | None:
    student_import = (
        StudentImport.objects.select_for_update(of=("self",)).filter(pk=import_id).first()
    )
    if student_import is None or student_import.status != StudentImport.Status.IMPORTING:
        return student_import
    return _fail(center, User.objects.filter(pk=actor_id).first(), student_import, reason)


# Writing the students


def _write_students(*, center, actor, student_import, result) -> dict:
    now = timezone.now()
    existing = result.existing_users
    # Students removed from the center earlier keep their (inactive) membership row.
    inactive = set()
    existing_ids = [pk for pk, _usable in existing.values()]
    for start in range(0, len(existing_ids), checks.LOOKUP_CHUNK):
        inactive.update(
            Membership.objects.filter(
                center=center,
                role=Role.STUDENT,
                is_active=False,
                user_id__in=existing_ids[start : start + checks.LOOKUP_CHUNK],
            ).values_list("user_id", flat=True)
        )
    expires_at = now + timedelta(days=STUDENT_INVITATION_DAYS)
    welcome = _WelcomeMail(center=center, actor=actor, expires_at=expires_at)
    counts = {"rows": 0, "new_accounts": 0, "existing_accounts": 0, "invitations": 0}
    for start in range(0, len(result.rows), WRITE_BATCH):
        batch = result.rows[start : start + WRITE_BATCH]
        _write_batch(
            center=center,
            actor=actor,
            rows=batch,
            existing=existing,
            inactive=inactive,
            now=now,
            welcome=welcome,
            counts=counts,
        )
        _report_progress(student_import.pk, "writing", counts["rows"])
    return counts


def _unusable_password() -> str:
    """What make_password(None) stores, at a fraction of its cost over 20,000 rows."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _write_batch(*, center, actor, rows, existing, inactive, now, welcome, counts) -> None:
    new_rows = [row for row in rows if row.email not in existing]
    users = User.objects.bulk_create(
        [
            # No usable password: the student sets one from the welcome link.
            User(email=row.email, name=row.name, password=_unusable_password(), date_joined=now)
            for row in new_rows
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=False, primary=True) for user in users]
    )
    user_ids = {user.email: user.pk for user in users}
    user_ids.update({row.email: existing[row.email][0] for row in rows if row.email in existing})

    Membership.objects.bulk_create(
        [
            Membership(center=center, user_id=user_ids[row.email], role=Role.STUDENT)
            for row in rows
            if user_ids[row.email] not in inactive
        ]
    )
    # People already known (in another center, or returning here) may have a cached frame.
    forget_visitors(existing[row.email][0] for row in rows if row.email in existing)
    returning = [user_ids[row.email] for row in rows if user_ids[row.email] in inactive]
    if returning:
        Membership.objects.filter(center=center, role=Role.STUDENT, user_id__in=returning).update(
            is_active=True
        )
    # The university vouches for the people on its list: the profiles start verified.
    StudentProfile.objects.bulk_create(
        [
            StudentProfile(
                center=center,
                user_id=user_ids[row.email],
                university_id=row.university_id,
                major=row.major,
                degree=row.degree,
                graduation_year=row.graduation_year,
                student_number=row.student_number,
                phone=row.phone,
                verified_at=now,
                verified_by=actor,
            )
            for row in rows
        ]
    )
    # Whoever has no password yet (new accounts, or people imported before who never set
    # one) gets an invitation with the link to set it; the others are simply told.
    to_invite = [row for row in rows if row.email not in existing or not existing[row.email][1]]
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                center=center,
                email=row.email,
                role=Role.STUDENT,
                invited_by=actor,
                expires_at=welcome.expires_at,
            )
            for row in to_invite
        ]
    )
    welcome.queue(
        [
            welcome.email(row, invitation)
            for row, invitation in zip(to_invite, invitations, strict=True)
        ]
    )
    for row in rows:
        if row.email in existing and existing[row.email][1]:
            welcome.tell_existing(row, user_ids[row.email])
    counts["rows"] += len(rows)
    counts["new_accounts"] += len(users)
    counts["existing_accounts"] += len(rows) - len(users)
    counts["invitations"] += len(invitations)


class _WelcomeMail:
    """The welcome email of an imported student."""

    def __init__(self, *, center, actor, expires_at):
        self.center = center
        self.actor = actor
        self.expires_at = expires_at
        # The students have never signed in: they read what their coordinator writes in.
        language = email_language(actor)
        self.mail = PreparedEmail(
            "student_welcome",
            fields=("name", "university", "student_number", "link"),
            context={"expires_at": expires_at},
            language=language,
            center=center,
        )
        with override(language):
            self.universities = {u.pk: str(u) for u in University.objects.filter(center=center)}

    def email(self, row, invitation) -> OutgoingEmail:
        link = absolute_url(
            reverse(
                "center:student_import:set_password",
                kwargs={"center_slug": self.center.slug, "token": invitation.token},
            )
        )
        return self.mail.outgoing(
            to=row.email,
            name=row.name,
            university=self.universities[row.university_id],
            student_number=row.student_number,
            link=link,
        )

    def queue(self, emails: list[OutgoingEmail]) -> None:
        """What `queue_email` does for one email, for a whole round: the rows are written in
        this transaction, their delivery is enqueued only once it commits. One delivery task
        per round rather than per email: 20,000 broker messages would take longer than the
        import itself, and each email is still locked and sent once by `email_deliver`."""
        ids = [email.pk for email in OutgoingEmail.objects.bulk_create(emails)]
        if ids:
            center_id = self.center.pk
            enqueue_on_commit(
                student_import_emails_task, kwargs={"email_ids": ids, "center_id": center_id}
            )

    def tell_existing(self, row, user_id) -> None:
        """Someone who already signs in to the portal: a notification in their language."""
        user = User.objects.get(pk=user_id)
        center = self.center
        notify(
            user,
            NotificationKind.WELCOME,
            center=center,
            title=lambda: _("You are now a student of %(center)s") % {"center": center.name},
            body=lambda: (
                _(
                    "%(center)s added you as a student from its list of students. Your profile "
                    "is verified; complete it to apply for internships."
                )
                % {"center": center.name}
            ),
            url=reverse("center:home", kwargs={"center_slug": center.slug}),
        )


# Imported students set their password


def imported_student_welcome_problem(*, invitation, user) -> str | None:
    """Why this welcome link cannot set a password, in words for the student; None if it can."""
    problem = invitation_problem(invitation)
    if problem:
        return problem
    if (
        user is None
        or not Membership.objects.filter(
            center=invitation.center, user=user, role=Role.STUDENT, is_active=True
        ).exists()
    ):
        return _("This link is no longer valid. Ask the coordinator of your university.")
    if user.has_usable_password():
        return _("Your account already has a password. Sign in with it.")
    return None


@transaction.atomic
def imported_student_set_password(*, invitation, password: str, name: str) -> User:
    """The imported student's first visit: set the password, which also shows the email
    address reached them, and accept the invitation."""
    if invitation.role != Role.STUDENT:
        raise PermissionDenied
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    user = User.objects.select_for_update().filter(email__iexact=invitation.email).first()
    problem = imported_student_welcome_problem(invitation=invitation, user=user)
    if problem:
        raise ValidationError(problem)
    name = name.strip()
    if name:
        user.name = name[:100]
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    user.set_password(password)
    user.save(update_fields=["password", "name"])
    # The link reached their inbox: the address is theirs.
    updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    if not updated:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit(
        center=invitation.center,
        actor=user,
        verb="invitation.accepted",
        target=invitation,
        after={"via": "student_import"},
    )
    return user
