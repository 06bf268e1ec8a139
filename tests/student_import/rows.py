"""Row makers of the isolation matrix for the student import's URLs."""

import uuid

from mentorship.models import Role
from students.models import StudentImport
from tests.factories import InvitationFactory, MembershipFactory, UserFactory
from tests.isolation import Row, row_maker


def _import(center):
    name = f"students-{uuid.uuid4().hex[:12]}.csv"
    # A checked file with a problem: the matrix's "run" request is refused, never enqueued.
    student_import = StudentImport.objects.create(
        center=center,
        file="private/imports/isolation-matrix.csv",
        original_name=name,
        total_rows=1,
        problems=[{"row": 2, "field": "email", "code": "required", "params": {}, "message": ""}],
    )
    return student_import, name


@row_maker("center:student_import:detail")
@row_maker("center:student_import:run")
def _student_import(center):
    student_import, name = _import(center)
    return Row({"pk": student_import.pk}, secret=name)


@row_maker("center:student_import:set_password")
def _welcome(center):
    email = f"imported-{uuid.uuid4().hex[:12]}@example.test"
    user = UserFactory(email=email, verified=False)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    MembershipFactory(center=center, user=user, role=Role.STUDENT)
    invitation = InvitationFactory(center=center, email=email, role=Role.STUDENT)
    return Row({"token": invitation.token}, secret=email)
