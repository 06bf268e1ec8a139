"""Reports of the students app: a center's applications and its placements as CSV or XLSX.

Both read their rows with `values_list` over one joined query, streamed in chunks (a
server-side cursor on PostgreSQL), so the query count stays the same whatever the number
of rows and no model instance is built per row. A center's report runs in its center
scope; a program-wide one (no center) holds program staff's audited path for as long as
the rows are read.
"""

from datetime import date, timedelta

from django.db import connection
from django.db.models import CharField, F, Func, Value
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mentorship.models import Role
from mentorship.reports import register_report
from mentorship.scoping import program_scope
from students.models import Application, Placement, StudentProfile

CHUNK = 5000


def _day(value) -> date | None:
    return parse_date(value) if isinstance(value, str) and value else None


def _minute(field: str):
    """The moment as "YYYY-MM-DD HH:MM" in the current time zone, formatted by PostgreSQL
    (half a million rows format faster there than in Python); elsewhere the moment itself,
    which `_minute_text` formats."""
    if connection.vendor != "postgresql":
        return F(field)
    local = Func(Value(timezone.get_current_timezone_name()), F(field), function="timezone")
    return Func(local, Value("YYYY-MM-DD HH24:MI"), function="to_char", output_field=CharField())


def _minute_text(value) -> str:
    if value.__class__ is str:
        return value
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _named(chinese: bool):
    """Chooses, once per report, between a Chinese and an English name as `__str__` does."""
    return (lambda zh, en: zh) if chinese else (lambda zh, en: en or zh)


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def _stream(report, rows_of, reason: str):
    """(rows, total): `rows_of(center_id)` gives the queryset; program-wide, program staff's
    audited path stays open until the last row is read (the generator is started here so
    that it is entered once, before the total is counted)."""
    if report.center is not None:
        rows = rows_of(report.center.pk)
        return rows.iterator(chunk_size=CHUNK), rows.count()

    def across_centers():
        with program_scope(actor=report.requested_by, reason=reason):
            chosen = str(report.params.get("center") or "")
            rows = rows_of(int(chosen) if chosen.isdigit() else None)
            yield rows.count()
            yield from rows.iterator(chunk_size=CHUNK)

    stream = across_centers()
    return stream, next(stream)


def _with_center(headers: list, program_wide: bool) -> list:
    return [_("Service center"), *headers] if program_wide else headers


# Applications

APPLICATION_FIELDS = (
    "center__name_zh",
    "center__name_en",
    "pk",
    "applied_text",
    "status",
    "student__user__name",
    "student__user__email",
    "student__student_number",
    "student__university__name_zh",
    "student__university__name_en",
    "student__major",
    "student__degree",
    "position__title",
    "position__base__enterprise__name_zh",
    "position__base__enterprise__name_en",
    "position__city",
    "source",
    "changed_text",
)


def application_rows(*, center_id, params):
    """A center's applications (every center's with `center_id` None) under the filters a
    coordinator chose: state, position, and the days they were sent from and until."""
    rows = (
        Application.objects.all()
        if center_id is None
        else Application.objects.filter(center_id=center_id)
    )
    if status := params.get("status"):
        rows = rows.filter(status=status)
    if position := params.get("position"):
        rows = rows.filter(position_id=position)
    if first := _day(params.get("applied_from")):
        rows = rows.filter(created_at__date__gte=first)
    if last := _day(params.get("applied_until")):
        rows = rows.filter(created_at__date__lte=last)
    return (
        rows.annotate(applied_text=_minute("created_at"), changed_text=_minute("updated_at"))
        .order_by("created_at", "pk")
        .values_list(*APPLICATION_FIELDS)
    )


@register_report(
    "applications",
    title=_("Applications"),
    roles=(Role.COORDINATOR,),
    program_staff=True,
)
def applications_report(report):
    """Every application of the center under the filters in report.params, oldest first."""
    program_wide = report.center is None
    headers = [
        _("Application no."),
        _("Applied"),
        _("State"),
        _("Student"),
        _("Email address"),
        _("Student number"),
        _("University"),
        _("Major"),
        _("Degree"),
        _("Position"),
        _("Enterprise"),
        _("City"),
        _("Source"),
        _("Last change"),
    ]
    statuses = _labels(Application.Status.choices)
    degrees = _labels(StudentProfile.Degree.choices)
    named = _named((get_language() or "").startswith("zh"))

    def row(values):
        (center_zh, center_en, pk, applied, status, name, email, number, uni_zh, uni_en) = values[
            :10
        ]
        major, degree, title, ent_zh, ent_en, city, source, changed = values[10:]
        line = [
            pk,
            _minute_text(applied),
            statuses.get(status, status),
            name or email,
            email,
            number,
            named(uni_zh, uni_en) if uni_zh else "",
            major,
            degrees.get(degree, ""),
            title,
            named(ent_zh, ent_en),
            city,
            source or "",
            _minute_text(changed),
        ]
        return [named(center_zh, center_en), *line] if program_wide else line

    stream, total = _stream(
        report,
        lambda center_id: application_rows(center_id=center_id, params=report.params),
        "applications export",
    )
    return _with_center(headers, program_wide), map(row, stream), total


# Placements

PLACEMENT_FIELDS = (
    "center__name_zh",
    "center__name_en",
    "pk",
    "student__user__name",
    "student__user__email",
    "student__university__name_zh",
    "student__university__name_en",
    "student__major",
    "base__enterprise__name_zh",
    "base__enterprise__name_en",
    "position__title",
    "position__city",
    "start_date",
    "end_date",
    "status",
    "supervisor_name",
    "supervisor_phone",
    "terminated_on",
    "termination_reason",
    "enterprise_rating",
    "student_rating",
)


def placement_rows(*, center_id, params):
    """A center's placements (every center's with `center_id` None) by state and by the
    days they started from and until."""
    rows = (
        Placement.objects.all()
        if center_id is None
        else Placement.objects.filter(center_id=center_id)
    )
    if status := params.get("status"):
        rows = rows.filter(status=status)
    if first := _day(params.get("started_from")):
        rows = rows.filter(start_date__gte=first)
    if last := _day(params.get("started_until")):
        rows = rows.filter(start_date__lte=last)
    return rows.order_by("start_date", "pk").values_list(*PLACEMENT_FIELDS)


@register_report(
    "placements",
    title=_("Placements"),
    roles=(Role.COORDINATOR,),
    program_staff=True,
)
def placements_report(report):
    """Every placement of the center under the filters in report.params, by start date.

    The last day is the inclusive one people read (`Placement.last_day`).
    """
    program_wide = report.center is None
    headers = [
        _("Placement no."),
        _("Student"),
        _("Email address"),
        _("University"),
        _("Major"),
        _("Enterprise"),
        _("Position"),
        _("City"),
        _("First day"),
        _("Last day"),
        _("State"),
        _("Workplace supervisor"),
        _("Supervisor's phone"),
        _("Terminated on"),
        _("Reason for ending early"),
        _("Enterprise's rating of the student"),
        _("Student's rating of the base"),
    ]
    statuses = _labels(Placement.Status.choices)
    named = _named((get_language() or "").startswith("zh"))
    one_day = timedelta(days=1)

    def row(values):
        (center_zh, center_en, pk, name, email, uni_zh, uni_en, major, ent_zh, ent_en) = values[:10]
        (title, city, start, end, status, supervisor, phone, ended, reason) = values[10:19]
        by_enterprise, by_student = values[19:]
        line = [
            pk,
            name or email,
            email,
            named(uni_zh, uni_en) if uni_zh else "",
            major,
            named(ent_zh, ent_en),
            title,
            city,
            start.isoformat(),
            (end - one_day).isoformat(),
            statuses.get(status, status),
            supervisor,
            phone,
            ended.isoformat() if ended else "",
            reason,
            by_enterprise if by_enterprise is not None else "",
            by_student if by_student is not None else "",
        ]
        return [named(center_zh, center_en), *line] if program_wide else line

    stream, total = _stream(
        report,
        lambda center_id: placement_rows(center_id=center_id, params=report.params),
        "placements export",
    )
    return _with_center(headers, program_wide), map(row, stream), total
