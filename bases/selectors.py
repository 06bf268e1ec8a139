"""Reads of enterprises, base applications and positions; "missing" and "not yours" both 404.

Two parties work on a base application: the representatives of its enterprise, and the
bureau staff of its center once it has been submitted (a draft is the enterprise's own).
The center's coordinators read along what the bureau sees, without acting on it.
The `access_*` functions mark which of these the visitor is on the returned object.
"""

from django.db.models import Count, Q
from django.http import Http404

from bases.models import Enterprise, Position, TrainingBase
from bases.position_counts import position_counts
from mentorship.models import Role, User
from mentorship.scoping import own_rows_across_centers


def represented_enterprises(*, user):
    return Enterprise.objects.filter(representatives=user).order_by("pk")


def is_representative(*, user, enterprise_id) -> bool:
    return Enterprise.representatives.through.objects.filter(
        enterprise_id=enterprise_id, user_id=user.pk
    ).exists()


def representatives(*, center, enterprise_id, exclude=None) -> list:
    """Who hears about an enterprise's business in this center.

    The enterprise is shared by all centers; only its representatives who are members of
    this center get this center's news.
    """
    users = User.objects.filter(
        is_active=True,
        enterprises=enterprise_id,
        memberships__center=center,
        memberships__role=Role.ENTERPRISE,
        memberships__is_active=True,
    ).distinct()
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users)


def representatives_of(*, enterprise):
    return enterprise.representatives.order_by("name", "pk")


def access_representative(*, enterprise, pk):
    """One of the enterprise's representatives; 404 for anyone else."""
    person = enterprise.representatives.filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def can_apply_here(*, center, bases) -> bool:
    """Whether the enterprise of `bases` (its applications) may still apply in `center`:
    one application per kind of base and center."""
    kinds_here = {base.kind for base in bases if base.center_id == center.pk}
    return len(kinds_here) < len(TrainingBase.Kind.values)


# Center roles that read every submitted application: bureau staff decide, coordinators
# (who run the center) only read.
READERS = frozenset({Role.BUREAU, Role.COORDINATOR})


def _reviewed_here(bases):
    """Applications the center's bureau staff see: every one submitted at least once."""
    return bases.filter(submitted_at__isnull=False)


def access_enterprise(*, center, user, roles, pk) -> Enterprise:
    """The enterprise, for its representatives and for bureau staff (and coordinators, who
    read along) of a center where it has applied to be a base; anyone else gets the same
    404 as for a missing one."""
    enterprise = Enterprise.objects.filter(pk=pk).first()
    if enterprise is None:
        raise Http404
    enterprise.viewer_is_representative = is_representative(user=user, enterprise_id=enterprise.pk)
    read_here = (
        bool(READERS.intersection(roles))
        and _reviewed_here(
            TrainingBase.objects.filter(center=center, enterprise=enterprise)
        ).exists()
    )
    enterprise.viewer_is_reviewer = read_here and Role.BUREAU in roles
    enterprise.viewer_is_observer = read_here and not enterprise.viewer_is_reviewer
    if not (
        enterprise.viewer_is_representative
        or enterprise.viewer_is_reviewer
        or enterprise.viewer_is_observer
    ):
        raise Http404
    return enterprise


def mark_parties(obj, *, enterprise_id, submitted: bool, user, roles, observers=True):
    """Mark who the viewer is to an enterprise's application (a base, a subsidy claim…):
    one of its representatives, the bureau's reviewer once it is submitted, or (with
    `observers`) a coordinator reading along; anyone else gets the 404 of a missing row."""
    obj.viewer_is_representative = is_representative(user=user, enterprise_id=enterprise_id)
    obj.viewer_is_reviewer = Role.BUREAU in roles and submitted
    obj.viewer_is_observer = (
        observers and Role.COORDINATOR in roles and submitted and not obj.viewer_is_reviewer
    )
    if not (obj.viewer_is_representative or obj.viewer_is_reviewer or obj.viewer_is_observer):
        raise Http404
    return obj


def _mark_parties(base, *, user, roles):
    return mark_parties(
        base,
        enterprise_id=base.enterprise_id,
        submitted=base.submitted_at is not None,
        user=user,
        roles=roles,
    )


def access_base(*, center, user, roles, pk) -> TrainingBase:
    base = TrainingBase.objects.filter(center=center, pk=pk).select_related("enterprise").first()
    if base is None:
        raise Http404
    return _mark_parties(base, user=user, roles=roles)


def access_position(*, center, user, roles, pk) -> Position:
    position = (
        Position.objects.filter(center=center, pk=pk)
        .select_related("base__enterprise")
        .annotate(**position_counts())
        .first()
    )
    if position is None:
        raise Http404
    _mark_parties(position.base, user=user, roles=roles)
    position.viewer_is_representative = position.base.viewer_is_representative
    position.viewer_is_reviewer = position.base.viewer_is_reviewer
    position.viewer_is_observer = position.base.viewer_is_observer
    return position


def enterprise_bases(*, center, user):
    """The visitor's enterprises' applications in this center, with their position counts."""
    return (
        TrainingBase.objects.filter(center=center, enterprise__representatives=user)
        .select_related("enterprise")
        .annotate(
            position_count=Count("positions"),
            open_position_count=Count(
                "positions", filter=Q(positions__status=Position.Status.OPEN)
            ),
        )
        .order_by("enterprise_id", "kind")
    )


def enterprise_bases_everywhere(*, enterprise):
    """One enterprise's applications in every center, for its own representatives.

    Callers have checked that the visitor represents `enterprise`.
    """
    with own_rows_across_centers():
        return list(
            TrainingBase.objects.filter(enterprise=enterprise)
            .select_related("center")
            .order_by("center_id", "kind")
        )


def enterprise_bases_here(*, center, enterprise):
    """What bureau staff (and coordinators) see of one enterprise's applications here."""
    return list(
        _reviewed_here(TrainingBase.objects.filter(center=center, enterprise=enterprise))
        .select_related("center")
        .order_by("kind")
    )


# Queue filters: the default shows what waits for a decision.
QUEUE_WAITING = "waiting"
QUEUE_ALL = "all"
QUEUE_STATUSES = {
    QUEUE_WAITING: (TrainingBase.Status.SUBMITTED, TrainingBase.Status.UNDER_REVIEW),
    TrainingBase.Status.SUBMITTED: (TrainingBase.Status.SUBMITTED,),
    TrainingBase.Status.UNDER_REVIEW: (TrainingBase.Status.UNDER_REVIEW,),
    TrainingBase.Status.RECOGNIZED: (TrainingBase.Status.RECOGNIZED,),
    TrainingBase.Status.RETURNED: (TrainingBase.Status.RETURNED,),
    TrainingBase.Status.REJECTED: (TrainingBase.Status.REJECTED,),
    TrainingBase.Status.EXPIRED: (TrainingBase.Status.EXPIRED,),
    TrainingBase.Status.REVOKED: (TrainingBase.Status.REVOKED,),
    QUEUE_ALL: None,
}


def base_queue(*, center, status: str = QUEUE_WAITING, kind: str = "", newest_first=False):
    """Applications for the bureau's queue, oldest submission first unless asked otherwise."""
    bases = _reviewed_here(TrainingBase.objects.filter(center=center)).select_related(
        "enterprise", "decided_by"
    )
    statuses = QUEUE_STATUSES.get(status, QUEUE_STATUSES[QUEUE_WAITING])
    if statuses is not None:
        bases = bases.filter(status__in=statuses)
    if kind in TrainingBase.Kind.values:
        bases = bases.filter(kind=kind)
    if newest_first:
        return bases.order_by("-submitted_at", "-pk")
    return bases.order_by("submitted_at", "pk")


def base_positions(*, base):
    """A base's positions with the counts apps add to them (applicants…), in one query."""
    return (
        Position.objects.filter(center=base.center_id, base=base)
        .annotate(**position_counts())
        .order_by("-created_at", "-pk")
    )
