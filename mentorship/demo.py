"""The demo's kit: the registry of each app's part of the demo, and how the demo acts.

Each app registers its part with `register_demo` from its `demo.py` (found at start-up);
`seed_demo` loads the centers and accounts, then the parts in order. Every step of a part
goes through the service a person's click goes through, at the moment of the demo's past it
belongs to, by people who hold the role it needs.

The services stamp `timezone.now()` (a submission, a decision, a publication, every row's
creation and the audit entry's time), so the demo moves the clock to each step's moment
with time-machine rather than handing the services explicit timestamps: no service grows a
parameter only the demo would use, and everything a step writes, its audit entry and its
notifications included, carries the same moment. time-machine is in uv's default `dev`
group, which `uv sync --frozen` (so `make run`) installs; it is imported only when a step
runs, so the portal starts without it.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from mentorship.models import Membership, Role, User
from mentorship.services import (
    coordinator_invite,
    invitation_accept,
    invitation_create,
    membership_join,
)

# loader `(stdout, today)` -> its order: after the parts of the apps it builds on
DEMO_PARTS: dict = {}


def register_demo(loader, *, order: int) -> None:
    DEMO_PARTS[loader] = order


def demo_loaders() -> list:
    return sorted(DEMO_PARTS, key=lambda loader: (DEMO_PARTS[loader], loader.__module__))


PROGRAM_STAFF = ("program@demo.example", "王敏")
# Staff the demo needs where no demo account holds the role (they cannot sign in).
STAFF_NAMES = {
    "bureau.huangshan@demo.example": "胡建国",
    "bureau.ningbo@demo.example": "陆海",
    "coordinator.ningbo@demo.example": "应丽",
}
DEFAULT_STAFF_NAMES = {Role.COORDINATOR: "周敏", Role.BUREAU: "吴刚"}


def moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """`hour:minute` of `day` in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def days_before(today: date, days: int, hour: int = 10, minute: int = 0) -> datetime:
    return moment(today - timedelta(days=days), hour, minute)


def at(when: datetime):
    """Run the enclosed step with the clock standing still at `when`."""
    # Here, not at the top: the demo modules load at start-up, and a portal installed
    # without the dev group must start.
    import time_machine

    return time_machine.travel(when, tick=False)


def demo_person(email: str, name: str) -> User:
    """The person with this address; made (unable to sign in) when missing."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, name=name)
    return user


def demo_program_staff() -> User:
    user = User.objects.filter(is_program_staff=True, email=PROGRAM_STAFF[0]).first()
    if user is None:
        user = demo_person(*PROGRAM_STAFF)
        user.is_program_staff = True
        user.save(update_fields=["is_program_staff"])
    return user


def demo_member(center, user, role) -> Membership:
    """`user` in `role` at `center`, joined as a person would: staff by invitation (a
    coordinator by program staff, bureau staff by a coordinator), everyone else by joining.
    Nothing happens when the membership stands."""
    membership = Membership.objects.filter(center=center, user=user, role=role).first()
    if membership is not None and membership.is_active:
        return membership
    if role == Role.COORDINATOR:
        invitation = coordinator_invite(center=center, actor=demo_program_staff(), email=user.email)
    elif role == Role.BUREAU:
        invitation = invitation_create(
            center=center, actor=demo_coordinator(center), email=user.email, role=role
        )
    else:
        return membership_join(center=center, user=user, role=role)
    return invitation_accept(invitation=invitation, user=user)


def demo_staff(center, role) -> User:
    """The center's first active member in a staff `role`; one is invited when none is."""
    member = (
        Membership.objects.filter(center=center, role=role, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if member is not None:
        return member.user
    email = f"{role}.{center.slug}@demo.example"
    person = demo_person(email, STAFF_NAMES.get(email, DEFAULT_STAFF_NAMES[role]))
    demo_member(center, person, role)
    return person


def demo_coordinator(center) -> User:
    return demo_staff(center, Role.COORDINATOR)


def demo_reviewer(center) -> User:
    """Bureau staff who decide on the center's base applications."""
    return demo_staff(center, Role.BUREAU)
