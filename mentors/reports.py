"""Reports of the mentors app: each mentor's record of service, one row per mentor and year."""

from django.utils.translation import gettext_lazy as _

from mentors.record_selectors import mentor_memberships
from mentorship.models import Role, ServiceCenter
from mentorship.reports import register_report
from mentorship.scoping import program_scope
from mentorship.service_record import as_number, records, sources

# Mentors whose records one pass reads: a few grouped queries per batch, whatever the count.
BATCH = 500


def _rows(memberships, *, center, year, with_center: bool) -> list[list]:
    rows = []
    for start in range(0, len(memberships), BATCH):
        batch = memberships[start : start + BATCH]
        found = records(center=center, user_ids={m.user_id for m in batch})
        for membership in batch:
            record = found.get((membership.center_id, membership.user_id))
            if record is None:
                continue
            years = [year] if year else sorted(record.years)
            for each in years:
                if each not in record.by_year:
                    continue
                profile = getattr(membership.user, "mentor_profile", None)
                row = [
                    membership.user.name or membership.user.email,
                    membership.user.email,
                    profile.organization if profile else "",
                    each,
                    *[as_number(s, v) for s, v in record.lines(each)],
                ]
                rows.append([membership.center.name, *row] if with_center else row)
    return rows


@register_report(
    "mentor_records",
    title=_("Mentors' records"),
    roles=(Role.COORDINATOR,),
    program_staff=True,
)
def mentor_records_report(report):
    """Each mentor's values per year (only the year in report.params when one is given);
    a program-wide report reads every center (or the one chosen) through program staff's
    audited path."""
    year = report.params.get("year") or None
    headers = [_("Mentor"), _("Email address"), _("Organization"), _("Year")]
    headers += [source.label for source in sources()]
    if report.center is None:
        with program_scope(actor=report.requested_by, reason="mentors' records export"):
            chosen = ServiceCenter.objects.filter(pk=report.params.get("center") or 0).first()
            memberships = list(mentor_memberships(center=chosen))
            rows = _rows(memberships, center=chosen, year=year, with_center=True)
        headers = [_("Service center"), *headers]
    else:
        memberships = list(mentor_memberships(center=report.center))
        rows = _rows(memberships, center=report.center, year=year, with_center=False)
    return headers, rows, len(rows)
