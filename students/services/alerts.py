"""Saved searches and their alerts: a student keeps a search under a name and hears of new
positions that match it, at once or in a daily or weekly digest (in the app and by email).

A digest goes at most once per student, kind and period: its `AlertDigest` row is written
in the same transaction as the notification, and the row's unique constraint turns a second
run (or a concurrent one) into nothing. An instant alert is kept the same way per position.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from celery import shared_task
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bases.position_published import register_position_published
from mentorship.audit import audit, audit_value, field_diff
from mentorship.jobs import CenterTask
from mentorship.mail import absolute_url
from mentorship.models import Membership, NotificationKind, Role
from mentorship.notifications import notify
from students.models import AlertDigest, Application, InstantAlert, SavedSearch
from students.selectors import open_positions
from students.services.common import ensure_student, students_url

A = SavedSearch.Alert
MAX_SAVED_SEARCHES = 20
# Positions listed per search in one email; the email links to all of them.
LISTED_PER_SEARCH = 10
# New positions a digest looks at in one center: a week of a busy center, with room.
DIGEST_CANDIDATES = 3000
UNSUBSCRIBE_SALT = "students.saved_search.unsubscribe"
# An unsubscribe link older than this is refused with a page saying so: a year of emails.
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)
ALERTS_ON = (A.INSTANT, A.DAILY, A.WEEKLY)
SEARCH_FIELDS = ("q", "city", "major", "duration", "enterprise", "min_stipend")

NAME_TAKEN = _("You already have a saved search with this name.")
TOO_MANY = _("You can keep at most %(n)d saved searches; delete one first.")


@dataclass(frozen=True)
class UnsubscribeLink:
    """What a signed unsubscribe link names: saved searches, and the alert the email came
    from (what "Resume alerts" turns back on)."""

    pks: tuple[int, ...]
    alert: str


def unsubscribe_token(*searches) -> str:
    """The signed token of an email's unsubscribe link: one search (the link beside it),
    or every search a digest comes from (the List-Unsubscribe header)."""
    pks = [s.pk for s in searches]
    value = {"s": pks[0] if len(pks) == 1 else pks, "a": searches[0].alert}
    return signing.dumps(value, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_link(token: str) -> UnsubscribeLink:
    """Read a signed unsubscribe link; raises `signing.SignatureExpired` for one older than
    UNSUBSCRIBE_MAX_AGE and `signing.BadSignature` for a forged or damaged one."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    pks = value.get("s") if isinstance(value, dict) else None
    pks = [pks] if isinstance(pks, int) else pks
    if not isinstance(pks, list) or not pks or not all(isinstance(pk, int) for pk in pks):
        raise signing.BadSignature("No saved search in the link.")
    alert = value.get("a")
    return UnsubscribeLink(tuple(pks[:MAX_SAVED_SEARCHES]), alert if alert in ALERTS_ON else "")


def unsubscribe_headers(url: str) -> dict:
    """RFC 8058 one-click unsubscribe: mail apps show an "Unsubscribe" button that POSTs
    "List-Unsubscribe=One-Click" to the signed address."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _search_values(saved_search) -> dict:
    return {
        key: audit_value(getattr(saved_search, key))
        for key in ("name", *SEARCH_FIELDS, "alert")
        if getattr(saved_search, key) not in ("", None)
    }


def _clean(saved_search) -> None:
    try:
        saved_search.full_clean(exclude=["center", "user"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


@transaction.atomic
def saved_search_create(*, center, actor, name: str, filters: dict, alert: str) -> SavedSearch:
    """Keep the search `filters` (as the search page reads them) under `name`."""
    ensure_student(actor, center)
    mine = SavedSearch.objects.select_for_update().filter(center=center, user=actor)
    if len(mine) >= MAX_SAVED_SEARCHES:
        raise ValidationError(TOO_MANY % {"n": MAX_SAVED_SEARCHES})
    name = name.strip()
    if any(s.name == name for s in mine):
        raise ValidationError({"name": NAME_TAKEN})
    enterprise = filters.get("enterprise")
    saved_search = SavedSearch(
        center=center,
        user=actor,
        name=name,
        q=filters.get("q") or "",
        city=filters.get("city") or "",
        major=filters.get("major") or "",
        duration=filters.get("duration"),
        enterprise="" if enterprise is None else str(enterprise),
        min_stipend=filters.get("min_stipend"),
        alert=alert,
    )
    _clean(saved_search)
    try:
        with transaction.atomic():
            saved_search.save()
    except IntegrityError as error:
        raise ValidationError({"name": NAME_TAKEN}) from error
    audit(
        center=center,
        actor=actor,
        verb="saved_search.created",
        target=saved_search,
        after=_search_values(saved_search),
    )
    return saved_search


def _lock_own(center, actor, saved_search) -> SavedSearch:
    ensure_student(actor, center)
    found = (
        SavedSearch.objects.select_for_update()
        .filter(center=center, user=actor, pk=saved_search.pk)
        .first()
    )
    if found is None:
        raise ValidationError(_("This saved search no longer exists."))
    return found


@transaction.atomic
def saved_search_update(*, center, actor, saved_search, name: str, alert: str) -> SavedSearch:
    """Rename the student's own saved search or change its alert."""
    saved_search = _lock_own(center, actor, saved_search)
    name = name.strip()
    before = {"name": saved_search.name, "alert": saved_search.alert}
    if (
        name != saved_search.name
        and SavedSearch.objects.filter(center=center, user=actor, name=name).exists()
    ):
        raise ValidationError({"name": NAME_TAKEN})
    if alert != saved_search.alert:
        saved_search.alert_since = timezone.now()
    saved_search.name, saved_search.alert = name, alert
    _clean(saved_search)
    saved_search.save(update_fields=["name", "alert", "alert_since", "updated_at"])
    changed_before, changed_after = field_diff(before, {"name": name, "alert": alert})
    if changed_after:
        audit(
            center=center,
            actor=actor,
            verb="saved_search.updated",
            target=saved_search,
            before=changed_before,
            after=changed_after,
        )
    return saved_search


@transaction.atomic
def saved_search_delete(*, center, actor, saved_search) -> None:
    saved_search = _lock_own(center, actor, saved_search)
    audit(
        center=center,
        actor=actor,
        verb="saved_search.deleted",
        target=saved_search,
        before=_search_values(saved_search),
    )
    saved_search.delete()


@transaction.atomic
def saved_search_unsubscribe(*, center, saved_search) -> SavedSearch:
    """Stop the alerts of a saved search from the link in its email: whoever holds the
    signed link speaks for its owner, signed in or not."""
    saved_search = SavedSearch.objects.select_for_update().get(center=center, pk=saved_search.pk)
    if saved_search.alert == A.OFF:
        return saved_search
    before = saved_search.alert
    saved_search.alert, saved_search.alert_since = A.OFF, timezone.now()
    saved_search.save(update_fields=["alert", "alert_since", "updated_at"])
    audit(
        center=center,
        actor=saved_search.user,
        verb="saved_search.unsubscribed",
        target=saved_search,
        before={"alert": before},
        after={"alert": A.OFF},
    )
    return saved_search


@transaction.atomic
def saved_search_resume(*, center, saved_search, alert: str) -> SavedSearch:
    """Turn back on, from the page an unsubscribe link opened, the alerts it stopped; new
    positions count from now. A search whose alerts are on again already stays as it is."""
    saved_search = SavedSearch.objects.select_for_update().get(center=center, pk=saved_search.pk)
    if saved_search.alert != A.OFF or alert not in ALERTS_ON:
        return saved_search
    saved_search.alert, saved_search.alert_since = alert, timezone.now()
    saved_search.save(update_fields=["alert", "alert_since", "updated_at"])
    audit(
        center=center,
        actor=saved_search.user,
        verb="saved_search.resumed",
        target=saved_search,
        before={"alert": A.OFF},
        after={"alert": alert},
    )
    return saved_search


# Sending alerts


def _still_students(center, searches):
    """The searches whose owner is still an active student of the center."""
    students = Membership.objects.filter(center=center, role=Role.STUDENT, is_active=True)
    return searches.filter(user__in=students.values("user_id"))


def _group(center, saved_search, positions) -> dict:
    listed = positions[:LISTED_PER_SEARCH]
    return {
        "search": saved_search,
        "count": len(positions),
        "more": len(positions) - len(listed),
        "positions": [
            {
                "position": position,
                "url": absolute_url(students_url(center, "position_detail", pk=position.pk)),
            }
            for position in listed
        ],
        "results_url": absolute_url(_results_path(center, saved_search)),
        "unsubscribe_url": absolute_url(
            students_url(center, "alert_unsubscribe", token=unsubscribe_token(saved_search))
        ),
    }


def _results_path(center, saved_search) -> str:
    return students_url(center, "position_search") + "?" + urlencode(saved_search.query())


def _tell(center, user, groups, *, title, body, url, searches) -> None:
    """`searches`: every search the email comes from, which its one-click unsubscribe stops."""
    unsubscribe = absolute_url(
        students_url(center, "alert_unsubscribe", token=unsubscribe_token(*searches))
    )
    notify(
        user,
        NotificationKind.SAVED_SEARCH_ALERT,
        center=center,
        title=title,
        body=body,
        url=url,
        email_name="saved_search_alert",
        email_context={"groups": groups},
        email_headers=unsubscribe_headers(unsubscribe),
    )


def send_instant_alerts(*, center, position_id: int) -> int:
    """Tell the students whose instant alerts match a newly published position; safe to
    run twice. Returns how many were told."""
    position = (
        open_positions(center=center)
        .select_related("base__enterprise")
        .filter(pk=position_id)
        .first()
    )
    if position is None:  # closed again, or gone, before the task ran
        return 0
    # The cheap filters in SQL; keywords, majors and enterprise names in Python.
    searches = _still_students(
        center,
        SavedSearch.objects.filter(center=center, alert=A.INSTANT)
        .filter(Q(city="") | Q(city=position.city))
        .filter(Q(duration__isnull=True) | Q(duration=position.duration_months))
        .filter(Q(min_stipend__isnull=True) | Q(min_stipend__lte=position.stipend)),
    ).select_related("user")
    first_match = {}
    for saved_search in searches.order_by("pk"):
        if saved_search.user_id not in first_match and saved_search.matches(position):
            first_match[saved_search.user_id] = saved_search
    told = 0
    for saved_search in first_match.values():
        with transaction.atomic():
            try:
                with transaction.atomic():
                    InstantAlert.objects.create(
                        center=center,
                        user=saved_search.user,
                        position=position,
                        saved_search=saved_search,
                    )
            except IntegrityError:
                continue  # told already, by an earlier run of this task
            url = students_url(center, "position_detail", pk=position.pk)
            _tell(
                center,
                saved_search.user,
                [_group(center, saved_search, [position])],
                title=lambda s=saved_search: (
                    _("New position for “%(search)s”: %(position)s")
                    % {"search": s.name, "position": position.title}
                ),
                body=lambda: (
                    _("%(enterprise)s · %(city)s")
                    % {
                        "enterprise": position.base.enterprise,
                        "city": position.city,
                    }
                ),
                url=url,
                searches=[saved_search],
            )
            told += 1
    return told


def digest_period(frequency: str, day):
    """The period a digest sent on `day` belongs to: the day, or the Monday of its week."""
    if frequency == AlertDigest.Frequency.WEEKLY:
        return day - timedelta(days=day.weekday())
    return day


def send_digests(*, center, frequency: str, now=None) -> int:
    """Send each student of the center with `frequency` alerts their digest of this period:
    the positions published since their last digest that match any of those searches.
    A student who got this period's digest gets nothing more. Returns emails sent."""
    now = now or timezone.now()
    period = digest_period(frequency, timezone.localdate(now))
    searches = list(
        _still_students(center, SavedSearch.objects.filter(center=center, alert=frequency))
        .select_related("user")
        .order_by("user_id", "pk")
    )
    if not searches:
        return 0
    done = set(
        AlertDigest.objects.filter(center=center, frequency=frequency, period=period).values_list(
            "user_id", flat=True
        )
    )
    last_until = dict(
        AlertDigest.objects.filter(center=center, frequency=frequency)
        .values("user_id")
        .annotate(until=Max("until"))
        .values_list("user_id", "until")
    )
    by_user: dict[int, list] = {}
    for saved_search in searches:
        if saved_search.user_id not in done:
            by_user.setdefault(saved_search.user_id, []).append(saved_search)
    if not by_user:
        return 0

    def since(saved_search):
        last = last_until.get(saved_search.user_id)
        return max(saved_search.alert_since, last) if last else saved_search.alert_since

    earliest = min(since(s) for group in by_user.values() for s in group)
    candidates = list(
        open_positions(center=center)
        .filter(published_at__gt=earliest, published_at__lte=now)
        .select_related("base__enterprise")
        .order_by("-published_at", "-pk")[:DIGEST_CANDIDATES]
    )
    sent = 0
    for user_searches in by_user.values():
        user = user_searches[0].user
        matches = []  # (search, positions), each position under its first search only
        seen = set()
        for saved_search in user_searches:
            start = since(saved_search)
            found = [
                p
                for p in candidates
                if p.published_at > start and p.pk not in seen and saved_search.matches(p)
            ]
            seen.update(p.pk for p in found)
            matches.append((saved_search, found))
        # A position the student already applied to is no news to them.
        applied = set(
            Application.objects.filter(
                center=center, student__user=user, position__in=seen
            ).values_list("position_id", flat=True)
            if seen
            else ()
        )
        groups = []
        for saved_search, found in matches:
            found = [p for p in found if p.pk not in applied]
            if found:
                groups.append(_group(center, saved_search, found))
        total = sum(group["count"] for group in groups)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    AlertDigest.objects.create(
                        center=center,
                        user=user,
                        frequency=frequency,
                        period=period,
                        until=now,
                        position_count=total,
                    )
            except IntegrityError:
                continue  # this period's digest went already
            if not total:
                continue
            url = (
                students_url(center, "position_search")
                + "?"
                + urlencode(groups[0]["search"].query())
                if len(groups) == 1
                else students_url(center, "saved_searches")
            )
            _tell(
                center,
                user,
                groups,
                title=lambda n=total: (
                    ngettext(
                        "%(n)d new position matches your saved searches",
                        "%(n)d new positions match your saved searches",
                        n,
                    )
                    % {"n": n}
                ),
                body=lambda g=groups: "\n".join(
                    f"{group['search'].name}: {group['count']}" for group in g
                ),
                url=url,
                searches=user_searches,
            )
            sent += 1
    return sent


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=60)
def instant_alerts_task(self, position_id, center=None):
    """Tell the students with matching instant alerts about a published position."""
    return send_instant_alerts(center=center, position_id=position_id)


@register_position_published("students.saved_search_alerts")
def _alert_on_publish(*, center, position) -> None:
    instant_alerts_task.enqueue_on_commit(position.pk, center_id=center.pk)
