"""The only places where the center scope is entered, left or deliberately switched off.

Each also sets the database's row-level security to match (`mentorship.rls`): the center,
program staff's path, a person's own rows or the system.

Every center-owned model uses django-scopes: a query outside `center_scope` raises. The
escape hatches below are few and named; tests/test_scoping.py fails when code elsewhere
disables scoping.
"""

from contextlib import contextmanager

from django_scopes import scope, scopes_disabled

from mentorship import rls
from mentorship.audit import audit


@contextmanager
def center_scope(center):
    """Run inside one center: every scoped query is filtered to it."""
    if center is None or getattr(center, "pk", None) is None:
        # django-scopes treats a None value as "no filter"; never let that happen.
        raise ValueError("center_scope needs a saved service center.")
    with scope(center=center), rls.entered(rls.center_state(center)):
        yield


@contextmanager
def program_scope(*, actor, reason: str):
    """Program staff's explicit, audited path across all centers."""
    if not getattr(actor, "is_program_staff", False):
        raise PermissionError("Only program staff read across service centers.")
    audit(center=None, actor=actor, verb="program.cross_center_read", after={"reason": reason})
    with scopes_disabled(), rls.entered(rls.PROGRAM):
        yield


@contextmanager
def own_rows_across_centers():
    """For rows that belong to the signed-in person (their memberships, their invitations).

    Callers filter by that person themselves; this only lifts the center dimension.
    """
    with scopes_disabled(), rls.entered(rls.PERSON):
        yield


@contextmanager
def shared_with_center(center, *, actor, reason: str, audited: bool = True):
    """A center's path to what other centers share with it (an event it co-organizes): its
    own rows, and the rows the tables' shared policies admit for it (`rls_shared` of the
    models). Callers filter by center themselves, as on the program's path; the database
    admits nothing more than the policies say.

    Staff reading another center's people through it is audited. The shared event itself,
    which the center agreed to show (that agreement is audited), is read by its students
    and visitors without an entry per page (`audited=False`), or the trail would fill with
    every visit to the events list."""
    if center is None or getattr(center, "pk", None) is None:
        raise ValueError("shared_with_center needs a saved service center.")
    if audited:
        audit(center=center, actor=actor, verb="center.shared_read", after={"reason": reason})
    with scopes_disabled(), rls.entered(rls.shared_state(center)):
        yield


@contextmanager
def system_scope():
    """Maintenance outside any request: migrations of data, demo seeding, periodic fan-out."""
    with scopes_disabled(), rls.entered(rls.SYSTEM):
        yield
