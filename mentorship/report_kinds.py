"""Reports of the program core (apps register theirs in <app>/reports.py)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.audit_display import actor_name, describe
from mentorship.audit_filters import center_entries, program_entries
from mentorship.models import Membership, Role
from mentorship.reports import register_report
from mentorship.scoping import program_scope


@register_report("center_members", title=_("Members of the center"), roles=(Role.COORDINATOR,))
def center_members_report(report):
    members = (
        Membership.objects.filter(center=report.center, is_active=True)
        .select_related("user")
        .order_by("role", "pk")
    )
    headers = [pgettext_lazy("person", "Name"), _("Email address"), _("Role"), _("Joined")]
    rows = (
        [m.user.name, m.user.email, m.get_role_display(), m.created_at.date().isoformat()]
        for m in members.iterator(chunk_size=2000)
    )
    return headers, rows, members.count()


def _audit_headers(with_center: bool) -> list:
    headers = [_("Time"), _("Who"), _("What"), _("Entry"), _("Object"), _("Changes"), _("IP")]
    return [headers[0], _("Service center"), *headers[1:]] if with_center else headers


def _audit_row(entry, with_center: bool) -> list:
    line = describe(entry)
    row = [
        timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
        actor_name(entry),
        line.what,
        line.text,
        entry.target_repr,
        line.changes_text(),
        entry.ip_address or "",
    ]
    if with_center:
        row.insert(1, str(entry.center) if entry.center_id else "")
    return row


@register_report(
    "audit_trail",
    title=_("Audit trail"),
    roles=(Role.COORDINATOR, Role.BUREAU),
    program_staff=True,
)
def audit_trail_report(report):
    """The trail under the filters the page was showing (report.params), newest first.

    A program-wide report (no center) reads every center through program staff's audited
    path; it is requested only from the program pages.
    """
    program_wide = report.center is None
    if program_wide:
        # The trail itself is not center-scoped; the scope records that program staff
        # read across centers.
        with program_scope(actor=report.requested_by, reason="audit trail export"):
            entries = program_entries(filters=report.params)
    else:
        entries = center_entries(center=report.center, filters=report.params)
    # The trail as it stood when the export was asked for, without the request's own entry.
    entries = entries.filter(created_at__lt=report.created_at)
    rows = (_audit_row(e, program_wide) for e in entries.iterator(chunk_size=2000))
    return _audit_headers(program_wide), rows, entries.count()
