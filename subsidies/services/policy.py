"""The center's subsidy policy, set by its bureau staff."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mentorship.audit import audit, audit_value
from mentorship.models import Role, ServiceCenter
from mentorship.services import ensure_center_can_act, ensure_role
from subsidies.services.common import POLICY_FIELDS


@transaction.atomic
def subsidy_policy_update(*, center, actor, **fields) -> ServiceCenter:
    """The center's bureau staff set the rate, the months, the threshold and the period."""
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    ensure_center_can_act(center)
    ensure_role(actor, center, Role.BUREAU)
    locked = ServiceCenter.objects.select_for_update().get(pk=center.pk)
    before = {key: getattr(locked, key) for key in fields}
    for key, value in fields.items():
        setattr(locked, key, value)
    others = [f.name for f in ServiceCenter._meta.fields if f.name not in POLICY_FIELDS]
    locked.clean_fields(exclude=others)
    errors = {}
    if locked.subsidy_min_months > locked.subsidy_max_months:
        errors["subsidy_max_months"] = _("The maximum cannot be less than the minimum.")
    if locked.second_approval_threshold < 0:
        errors["second_approval_threshold"] = _("The threshold cannot be negative.")
    if errors:
        raise ValidationError(errors)
    changed = [key for key in fields if before[key] != getattr(locked, key)]
    if changed:
        locked.save(update_fields=changed)
        audit(
            center=locked,
            actor=actor,
            verb="subsidy.policy_updated",
            target=locked,
            before={key: audit_value(before[key]) for key in changed},
            after={key: audit_value(getattr(locked, key)) for key in changed},
        )
    for key in fields:
        setattr(center, key, getattr(locked, key))
    return locked
