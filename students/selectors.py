"""Reads of the students app. Each `access_*` fails with the same 404 for a row that is
missing and for one the visitor may not see, so a page never confirms someone else's row."""

import functools
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bases.models import Enterprise, Position, TrainingBase
from mentorship.models import AuditEntry, Role
from mentorship.request_values import parse_id
from students.applicant_tabs import COUNTS_SECONDS, counts_key
from students.models import (
    Application,
    Interview,
    Placement,
    SavedSearch,
    StudentProfile,
)

PAGE_SIZE = 20

SORTS = {
    "newest": ("-published_at", "-pk"),
    "stipend": ("-stipend", "-published_at", "-pk"),
    "deadline": ("deadline", "-pk"),
}
STAFF = frozenset({Role.COORDINATOR, Role.BUREAU})


# Profiles


def center_students(*, center, q: str = "", state: str = ""):
    students = StudentProfile.objects.filter(center=center).select_related("user", "university")
    if q:
        students = students.filter(
            Q(user__name__icontains=q) | Q(user__email__icontains=q) | Q(student_number=q)
        )
    if state == "verified":
        students = students.filter(verified_at__isnull=False)
    elif state == "unverified":
        students = students.filter(verified_at__isnull=True)
    return students.order_by("verified_at", "-pk")


def student_profile_of(*, center, user) -> StudentProfile | None:
    return (
        StudentProfile.objects.filter(center=center, user=user).select_related("university").first()
    )


def profile_for_applying(*, center, user) -> StudentProfile | None:
    """The student's profile as far as telling what it lacks for applying reads it."""
    return (
        StudentProfile.objects.filter(center=center, user=user)
        .only(*StudentProfile.REQUIRED_FOR_APPLYING)
        .first()
    )


def has_offer_to_answer(profile) -> bool:
    return Application.objects.filter(student=profile, status=Application.Status.OFFERED).exists()


# Position search


def open_positions(*, center, today=None):
    """Positions of the center that take applications today."""
    today = today or timezone.localdate()
    return Position.objects.filter(center=center, status=Position.Status.OPEN, deadline__gte=today)


def keyword_terms(q: str) -> list[str]:
    """Lower-cased words of the query (at most five); Chinese needs no word splitting
    because each term matches as a substring."""
    return [term for term in q.lower().split() if term][:5]


def search_positions(
    *,
    center,
    q: str = "",
    city: str = "",
    major: str = "",
    duration: int | None = None,
    enterprise: int | str | None = None,
    min_stipend: Decimal | None = None,
    sort: str = "newest",
    today=None,
):
    positions = open_positions(center=center, today=today)
    for term in keyword_terms(q):
        # search_text is stored lower-cased; a plain LIKE '%term%' is what the trigram
        # index on PostgreSQL serves (icontains would wrap the column in UPPER()).
        positions = positions.filter(search_text__contains=term)
    if city:
        positions = positions.filter(city=city)
    if major:
        # A position that names no majors is open to every major.
        positions = positions.filter(Q(majors__icontains=major) | Q(majors=""))
    if duration:
        positions = positions.filter(duration_months=duration)
    if isinstance(enterprise, int):
        positions = positions.filter(base__enterprise_id=enterprise)
    elif enterprise:
        positions = positions.filter(
            Q(base__enterprise__name_zh__icontains=enterprise)
            | Q(base__enterprise__name_en__icontains=enterprise)
        )
    if min_stipend is not None:
        positions = positions.filter(stipend__gte=min_stipend)
    return positions.select_related("base__enterprise").order_by(*SORTS.get(sort, SORTS["newest"]))


FACETS_SECONDS = 300


def search_facets(*, center) -> dict:
    """Cities to offer as a filter; cached briefly, they change slowly."""
    key = f"students:facets:{center.pk}:{timezone.localdate().isoformat()}"
    facets = cache.get(key)
    if facets is None:
        cities = list(
            open_positions(center=center).order_by("city").values_list("city", flat=True).distinct()
        )
        facets = {"cities": cities}
        cache.set(key, facets, FACETS_SECONDS)
    return facets


SUGGESTIONS = 10


def enterprise_suggestions(*, center, q: str, language: str) -> list[str]:
    """Names of the center's recognized internship bases' enterprises that contain `q`,
    for the search's enterprise field as the student types (a center has hundreds)."""
    # Typed text, straight from the query string: PostgreSQL refuses a NUL in it.
    q = q.replace("\x00", "").strip()[:50]
    if not q:
        return []
    rows = (
        TrainingBase.objects.filter(
            center=center,
            status=TrainingBase.Status.RECOGNIZED,
            kind=TrainingBase.Kind.INTERNSHIP,
        )
        .filter(Q(enterprise__name_zh__icontains=q) | Q(enterprise__name_en__icontains=q))
        .order_by("enterprise__name_zh")
        .values_list("enterprise__name_zh", "enterprise__name_en")
        .distinct()[:SUGGESTIONS]
    )
    zh = language.startswith("zh")
    return [name_zh if zh or not name_en else name_en for name_zh, name_en in rows]


# What the position's page reads of it when its article is kept drawn: `detail_parts`
# reads the rest (and the enterprise) only when it draws the article.
POSITION_PAGE_FIELDS = ("center_id", "title", "status", "deadline", "start_date", "updated_at")

_PUBLISHED = [value for value in Position.Status.values if value != Position.Status.DRAFT]


def access_published_position(*, center, pk, reader=None, brief: bool = False) -> Position:
    """A position anyone may read: published (open, closed or filled), never a draft.

    Given the signed-in `reader`, the same query tells whether they applied to it
    (`reader_applied`), so `application_of` reads their application only if there is one.
    `brief`: only `POSITION_PAGE_FIELDS` and no enterprise. (The parties' page of a
    position, drafts included, is `bases.selectors.access_position`.)
    """
    positions = Position.objects.filter(center=center, pk=pk, status__in=_PUBLISHED)
    if brief:
        positions = positions.only(*POSITION_PAGE_FIELDS)
    else:
        positions = positions.select_related("base__enterprise")
    if reader is not None and reader.is_authenticated:
        positions = positions.annotate(
            reader_applied=Exists(
                Application.objects.filter(
                    center=center, position=OuterRef("pk"), student__user=reader
                )
            )
        )
    return get_object_or_404(positions)


# Applications: the student's side


def application_of(*, center, user, position) -> Application | None:
    """The visitor's own application to `position`, if they have one."""
    if not user.is_authenticated or getattr(position, "reader_applied", True) is False:
        return None
    return (
        Application.objects.filter(center=center, position=position, student__user=user)
        .select_related("placement")
        .first()
    )


def my_application_status(*, center, user):
    """The student's own application state at each position, for annotating a query of
    positions (their table not aliased, as in every list of them): read by the list's own
    query, for the rows of its page only, each through the one-application-per-position
    index (the student's profile is looked up once)."""
    # Written out rather than as Subquery(… Subquery(profile) …): resolving and compiling
    # the nested subqueries took 0.5 ms of Python on every search page, a twentieth of
    # what the page costs under load. The plan is the same (an InitPlan for the profile).
    quote = connection.ops.quote_name
    applications, profiles = Application._meta, StudentProfile._meta
    position = Position._meta

    def column(meta, name):
        return quote(meta.get_field(name).column)

    return RawSQL(
        f"SELECT a.{column(applications, 'status')} FROM {quote(applications.db_table)} a"
        f" WHERE a.{column(applications, 'position')}"
        f" = {quote(position.db_table)}.{quote(position.pk.column)}"
        f" AND a.{column(applications, 'student')} = (SELECT p.{quote(profiles.pk.column)}"
        f" FROM {quote(profiles.db_table)} p WHERE p.{column(profiles, 'center')} = %s"
        f" AND p.{column(profiles, 'user')} = %s LIMIT 1)",
        (center.pk, user.pk),
        output_field=CharField(),
    )


def applications_of_student(*, center, user):
    return (
        Application.objects.filter(center=center, student__user=user)
        .select_related("position__base__enterprise", "placement")
        .order_by("-created_at", "-pk")
    )


# Applications: the enterprise's side (coordinators of the center may read along)


def _sees_all(roles) -> bool:
    return Role.COORDINATOR in roles


def _enterprises_of(user):
    """A subquery of the visitor's enterprises: filtering by it never repeats a row, as a
    join through the representatives table could."""
    return Enterprise.objects.filter(representatives=user).values("pk")


def positions_with_applicants(*, center, user, roles):
    """Positions whose applicants the visitor may see, each with counts per state."""
    positions = Position.objects.filter(center=center).exclude(status=Position.Status.DRAFT)
    if not _sees_all(roles):
        positions = positions.filter(base__enterprise__in=_enterprises_of(user))
    return (
        positions.select_related("base__enterprise")
        .annotate(
            applicant_count=Count("applications"),
            new_count=Count(
                "applications", filter=Q(applications__status=Application.Status.SUBMITTED)
            ),
        )
        .order_by("-published_at", "-pk")
    )


def _instance(model, db, values: dict):
    """A model instance as a query of only these fields loads it (the others deferred);
    Model.from_db takes the fields in the model's own order."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


def position_with_enterprise(db, position: dict, enterprise: dict) -> Position:
    """A position read as plain values, with its base and enterprise, as `.only()` with
    `select_related("base__enterprise")` would have loaded them (the rest deferred).
    `position` holds `base_id`; `enterprise` its `id`."""
    found = _instance(Position, db, position)
    base = _instance(
        TrainingBase, db, {"id": position["base_id"], "enterprise_id": enterprise["id"]}
    )
    base.enterprise = _instance(Enterprise, db, enterprise)
    found.base = base
    return found


# What the applicants' page shows of a position and of its enterprise.
_HEADER_POSITION = ("id", "center_id", "base_id", "title", "openings", "accepted_count", "status")
_HEADER_ENTERPRISE = ("id", "name_zh", "name_en")


@functools.cache
def _applicants_header_sql(sees_all: bool) -> str:
    quote = connection.ops.quote_name
    position, base, enterprise = Position._meta, TrainingBase._meta, Enterprise._meta
    representatives = Enterprise.representatives.through._meta

    def column(meta, name):
        return quote(meta.get_field(name).column)

    columns = ", ".join(
        [f"p.{column(position, name)}" for name in _HEADER_POSITION]
        + [f"e.{column(enterprise, name)}" for name in _HEADER_ENTERPRISE]
    )
    sql = (
        f"SELECT {columns} FROM {quote(position.db_table)} p"
        f" JOIN {quote(base.db_table)} b"
        f" ON b.{quote(base.pk.column)} = p.{column(position, 'base')}"
        f" JOIN {quote(enterprise.db_table)} e"
        f" ON e.{quote(enterprise.pk.column)} = b.{column(base, 'enterprise')}"
        f" WHERE p.{column(position, 'center')} = %s AND p.{quote(position.pk.column)} = %s"
    )
    if not sees_all:
        sql += (
            f" AND EXISTS (SELECT 1 FROM {quote(representatives.db_table)} r"
            f" WHERE r.{column(representatives, 'enterprise')} = b.{column(base, 'enterprise')}"
            f" AND r.{column(representatives, 'user')} = %s)"
        )
    return sql


def access_position_for_applicants(*, center, user, roles, pk) -> Position:
    """A position whose applicants the visitor may see, with its base and enterprise.

    Only what the applicants' page shows is read (the rest is deferred). The query is
    written out: built by the ORM from filters, select_related and only(), the same read
    cost 1.0 ms of Python on every visit of a reviewer's busiest page, against 0.15 ms.
    """
    if parse_id(pk) is None:
        raise Http404
    sees_all = _sees_all(roles)
    params = [center.pk, pk] if sees_all else [center.pk, pk, user.pk]
    with connection.cursor() as cursor:
        cursor.execute(_applicants_header_sql(sees_all), params)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    split = len(_HEADER_POSITION)
    return position_with_enterprise(
        connection.alias,
        dict(zip(_HEADER_POSITION, row[:split], strict=True)),
        dict(zip(_HEADER_ENTERPRISE, row[split:], strict=True)),
    )


def applicants(*, position, status: str = "", full: bool = True):
    """The position's applicants, newest first; `full`: with their student, account and
    university (else bare rows, for reading a few columns)."""
    rows = Application.objects.filter(
        center_id=position.center_id,
        position_id=position.pk,
        **({"status": status} if status else {}),
    ).order_by("-created_at", "-pk")
    return rows.select_related("student__user", "student__university") if full else rows


def applicant_counts(position) -> dict:
    """{state: applicants} of the position, for its tabs: kept in the cache
    (`students.applicant_tabs`), else counted from the (position, status, center) index."""
    key = counts_key(position.pk)
    counts = cache.get(key)
    if counts is None:
        counts = dict(
            Application.objects.filter(center_id=position.center_id, position_id=position.pk)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        cache.set(key, counts, COUNTS_SECONDS)
    return counts


def access_application(*, center, user, roles, pk, for_resume: bool = False) -> Application:
    """An applicant as their enterprise's representatives (or a coordinator) see them."""
    rows = Application.objects.filter(center=center).select_related(
        "position__base__enterprise", "student__user", "student__university"
    )
    if not _sees_all(roles):
        rows = rows.filter(position__base__enterprise__in=_enterprises_of(user))
    if for_resume:
        # A student who withdrew takes their résumé back with them.
        rows = rows.exclude(status=Application.Status.WITHDRAWN)
    return get_object_or_404(rows, pk=pk)


# Placements: the student, the enterprise's representatives, coordinators and bureau staff


def placements_visible_to(*, center, user, roles):
    rows = Placement.objects.filter(center=center)
    if not STAFF.intersection(roles):
        mine = Q()
        if Role.STUDENT in roles:
            mine |= Q(student__user=user)
        if Role.ENTERPRISE in roles:
            mine |= Q(base__enterprise__in=_enterprises_of(user))
        if not mine:
            return rows.none()
        rows = rows.filter(mine)
    return rows.select_related("student__user", "base__enterprise", "position")


def placement_list(*, center, user, roles, status: str = ""):
    rows = placements_visible_to(center=center, user=user, roles=roles)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-start_date", "-pk")


def access_placement(*, center, user, roles, pk) -> Placement:
    rows = placements_visible_to(center=center, user=user, roles=roles)
    placement = rows.filter(pk=pk).first()
    if placement is None:
        raise Http404
    return placement


def check_ins_of(placement) -> list:
    return list(placement.check_ins.all())


# Saved searches


def saved_searches_of(*, center, user) -> list:
    """The student's saved searches (at most `services.alerts.MAX_SAVED_SEARCHES`)."""
    return list(SavedSearch.objects.filter(center=center, user=user).order_by("-created_at", "-pk"))


def saved_searches_by_ids(*, center, pks) -> list[SavedSearch]:
    """The saved searches of the center a signed link names (whoever holds it may read
    them), those that still exist."""
    return list(SavedSearch.objects.filter(center=center, pk__in=pks).order_by("pk"))


# The student's application: its timeline


INTERVIEW_STEPS = {
    "interview_proposed": _("Interview times proposed"),
    "interview_rescheduled": _("New interview times proposed"),
    "interview_scheduled": _("Interview time chosen"),
    "interview_other_times": _("Other interview times asked for"),
    "interview_cancelled": _("Interview cancelled"),
}


@dataclass
class TimelineStep:
    status: str
    label: str
    at: object
    note: str = ""
    by_enterprise: bool = False
    # An interview step's times and place, as facts rather than anyone's message.
    details: str = ""


def application_timeline(application, *, student_user_id) -> list[TimelineStep]:
    """Every state the application went through, oldest first, with its date and the
    enterprise's message, read from the audit trail (one query)."""
    entries = AuditEntry.objects.filter(
        center_id=application.center_id,
        target_type=Application._meta.label_lower,
        target_id=str(application.pk),
        verb__startswith="application.",
    ).order_by("created_at", "pk")
    steps = []
    for entry in entries:
        status = entry.verb.removeprefix("application.")
        if status in INTERVIEW_STEPS:
            after = entry.after or {}
            details = [", ".join(after.get("times") or ()), after.get("time", "")]
            details.append(after.get("where", ""))
            steps.append(
                TimelineStep(
                    status=status,
                    label=INTERVIEW_STEPS[status],
                    at=entry.created_at,
                    note=after.get("note") or "",
                    by_enterprise=entry.actor_id != student_user_id,
                    details="\n".join(d for d in details if d),
                )
            )
            continue
        if status not in Application.Status.values:
            continue
        steps.append(
            TimelineStep(
                status=status,
                label=Application.Status(status).label,
                at=entry.created_at,
                note=(entry.after or {}).get("note") or "",
                by_enterprise=entry.actor_id != student_user_id,
            )
        )
    if not steps or steps[0].status != Application.Status.SUBMITTED:
        # Written before the trail recorded submissions: the row's own date stands in.
        steps.insert(
            0,
            TimelineStep(
                status=Application.Status.SUBMITTED,
                label=Application.Status.SUBMITTED.label,
                at=application.created_at,
            ),
        )
    return steps


# Interviews and the student's calendar


def interview_of(application) -> Interview | None:
    """The application's latest interview (a cancelled one too: the page says so)."""
    return (
        Interview.objects.filter(center_id=application.center_id, application=application)
        .select_related("application__position__base__enterprise", "application__student__user")
        .prefetch_related("slots")
        .first()
    )


def own_interview(*, center, user, position) -> Interview | None:
    """The visitor's interview for their application to `position`, if any."""
    application = application_of(center=center, user=user, position=position)
    return interview_of(application) if application is not None else None
