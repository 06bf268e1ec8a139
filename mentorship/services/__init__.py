"""Workflow services of the program core; each is the one way its state change happens.

Every function checks the change, writes the audit entry and queues notifications to go
out after commit.
"""

from mentorship.services.accounts import (
    account_set_language,
    email_preferences_save,
    notifications_mark_read,
)
from mentorship.services.calendar_feeds import calendar_feed_renew, calendar_feed_revoke
from mentorship.services.centers import (
    CENTER_TRANSITIONS,
    SETTINGS_FIELDS,
    center_application_license,
    center_application_reject,
    center_apply,
    center_change_status,
    center_update_settings,
    university_save,
)
from mentorship.services.common import (
    ensure_center_can_act,
    ensure_role,
)
from mentorship.services.memberships import (
    coordinator_invite,
    invitation_accept,
    invitation_create,
    invitation_problem,
    invitation_revoke,
    invitation_send,
    membership_join,
    membership_remove,
    user_create_from_invitation,
)

__all__ = [
    "CENTER_TRANSITIONS",
    "SETTINGS_FIELDS",
    "account_set_language",
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "center_application_license",
    "center_application_reject",
    "center_apply",
    "center_change_status",
    "center_update_settings",
    "coordinator_invite",
    "email_preferences_save",
    "ensure_center_can_act",
    "ensure_role",
    "invitation_accept",
    "invitation_create",
    "invitation_problem",
    "invitation_revoke",
    "invitation_send",
    "membership_join",
    "membership_remove",
    "notifications_mark_read",
    "university_save",
    "user_create_from_invitation",
]
