"""Workflow services of the program core; each is the one way its state change happens.

Every function checks the change, writes the audit entry and queues notifications to go
out after commit.
"""

from mentorship.services.centers import (
    CENTER_TRANSITIONS,
    center_change_status,
)
from mentorship.services.common import (
    center_url,
    ensure_center_can_act,
    ensure_role,
)
from mentorship.services.memberships import (
    invitation_accept,
    invitation_create,
    invitation_problem,
    invitation_revoke,
    membership_join,
    user_create_from_invitation,
)

__all__ = [
    "CENTER_TRANSITIONS",
    "center_change_status",
    "center_url",
    "ensure_center_can_act",
    "ensure_role",
    "invitation_accept",
    "invitation_create",
    "invitation_problem",
    "invitation_revoke",
    "membership_join",
    "user_create_from_invitation",
]
