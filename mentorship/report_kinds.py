"""Reports of the program core (apps register theirs in <app>/reports.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentorship.models import Membership, Role
from mentorship.reports import register_report


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
