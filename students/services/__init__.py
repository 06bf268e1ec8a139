"""Workflow services of the students app: the one way each state change happens.

Every function is atomic, checks the transition and the actor's right, writes the audit
entry and queues the notifications that go out after commit.
"""

from students.services.applications import (
    ALREADY_APPLIED,
    ENTERPRISE_TRANSITIONS,
    POSITION_FULL,
    POSITION_NOT_OPEN,
    WITHDRAWABLE,
    ProfileIncomplete,
    application_accept,
    application_decline,
    application_invite_to_interview,
    application_move,
    application_offer,
    application_reject,
    application_shortlist,
    application_submit,
    application_withdraw,
    position_takes_applications,
)
from students.services.placements import (
    check_in_months,
    evaluation_open,
    placement_check_in,
    placement_complete,
    placement_evaluate,
    placement_give_feedback,
    placement_send_ending_reminders,
    placement_set_supervisor,
    placement_terminate,
)
from students.services.profiles import student_profile_update
from students.services.verification import student_verify

__all__ = [
    "ALREADY_APPLIED",
    "ENTERPRISE_TRANSITIONS",
    "POSITION_FULL",
    "POSITION_NOT_OPEN",
    "WITHDRAWABLE",
    "ProfileIncomplete",
    "application_accept",
    "application_decline",
    "application_invite_to_interview",
    "application_move",
    "application_offer",
    "application_reject",
    "application_shortlist",
    "application_submit",
    "application_withdraw",
    "check_in_months",
    "evaluation_open",
    "placement_check_in",
    "placement_complete",
    "placement_evaluate",
    "placement_give_feedback",
    "placement_send_ending_reminders",
    "placement_set_supervisor",
    "placement_terminate",
    "position_takes_applications",
    "student_profile_update",
    "student_verify",
]
