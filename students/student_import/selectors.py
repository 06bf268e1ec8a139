"""Reads of the student import; each fails the same way for "missing" and "not yours"."""

from django.core.cache import cache
from django.shortcuts import get_object_or_404

from mentorship.models import AuditEntry, Invitation, Role, User
from students.models import StudentImport
from students.student_import.checks import problem_message, rows_with_problems
from students.student_import.parsing import field_label


def progress_key(import_id) -> str:
    return f"student-import:{import_id}:progress"


def center_imports(*, center):
    return StudentImport.objects.filter(center=center).select_related("created_by").order_by("-pk")


def access_student_import(*, center, pk) -> StudentImport:
    return get_object_or_404(
        StudentImport.objects.select_related("created_by"), center=center, pk=pk
    )


def access_student_invitation(*, center, token: str) -> Invitation:
    """A welcome link of an imported student; other invitations have their own page."""
    return get_object_or_404(
        Invitation.objects.select_related("center"),
        center=center,
        token=token,
        role=Role.STUDENT,
    )


def invited_student(invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


def import_problems(student_import) -> list[dict]:
    """The stored problems, worded in the current language."""
    return [
        {
            "row": problem.get("row"),
            "field": field_label(problem.get("field", "")) if problem.get("field") else "",
            "message": problem_message(problem),
        }
        for problem in student_import.problems
    ]


def import_summary(student_import) -> dict:
    with_problems = rows_with_problems(student_import.problems)
    return {
        "total": student_import.total_rows,
        "with_problems": with_problems,
        "ready": max(student_import.total_rows - with_problems, 0),
    }


def import_progress(student_import) -> dict:
    """How far a running import is: the worker reports each round of rows to the cache
    (services.py says why the cache)."""
    state = cache.get(progress_key(student_import.pk)) or {"phase": "checking", "rows": 0}
    total = student_import.total_rows or 1
    rows = min(state["rows"], total)
    return {"phase": state["phase"], "rows": rows, "percent": rows * 100 // total}


def import_result(student_import) -> dict:
    """The counts the import recorded in the audit trail when it finished."""
    entry = (
        AuditEntry.objects.filter(
            center_id=student_import.center_id,
            verb="student_import.done",
            target_type=StudentImport._meta.label_lower,
            target_id=str(student_import.pk),
        )
        .order_by("-pk")
        .first()
    )
    return entry.after if entry else {}
