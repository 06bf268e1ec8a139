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
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bases.position_published import register_position_published
from mentorship.audit import audit, audit_value, field_diff
from mentorship.jobs import CenterTask
from mentorship.mail import (
    PreparedEmail,
    PreparedText,
    absolute_url,
    email_language,
    render_part,
)
from mentorship.models import Membership, NotificationKind, Role
from mentorship.notifications import Note, email_opt_outs, notify, notify_many
from students.models import AlertDigest, Application, InstantAlert, SavedSearch
from students.selectors import open_positions
from students.services.common import ensure_student, students_url

A = SavedSearch.Alert
MAX_SAVED_SEARCHES = 20
# Positions listed per search in one email; the email links to all of them.
LISTED_PER_SEARCH = 10
# New positions a digest looks at in one center: a week of a busy center, with room.
DIGEST_CANDIDATES = 3000
# Students whose digests one transaction writes, in a few statements: short enough that a
# run overlapping it waits briefly, long enough that the commit is not each digest's cost.
DIGEST_CHUNK = 500
KIND = NotificationKind.SAVED_SEARCH_ALERT
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


class _Links:
    """The addresses of a center's alert emails, each reversed once: reversing them for
    each email was a quarter of a digest run's time."""

    def __init__(self, center):
        self.center = center
        self.search = students_url(center, "position_search")
        self.saved_searches = students_url(center, "saved_searches")
        # The token is the last part of its address; "-" stands for it (slugs may hold "-").
        prefix, _dash, suffix = students_url(center, "alert_unsubscribe", token="-").rpartition("-")
        self.unsubscribe_prefix, self.unsubscribe_suffix = absolute_url(prefix), suffix

    def results(self, saved_search) -> str:
        """The search page of `saved_search` (a path)."""
        return self.search + "?" + urlencode(saved_search.query())

    def unsubscribe(self, *searches) -> str:
        """The signed one-click address that stops `searches` (absolute)."""
        return self.unsubscribe_prefix + unsubscribe_token(*searches) + self.unsubscribe_suffix

    def position(self, position) -> str:
        return absolute_url(students_url(self.center, "position_detail", pk=position.pk))


class _Listing:
    """The list of an alert email in one language: under each search, the new positions
    it found (the first LISTED_PER_SEARCH) and its own links. Each position is rendered once
    and each search's part is filled into a part rendered once, however many students
    the list goes to."""

    PARTS = "email/saved_search_alert/"
    FIELDS = ("name", "items", "results_url", "unsubscribe_url")

    def __init__(self, links: _Links, language: str):
        self.links, self.center, self.language = links, links.center, language
        self.positions: dict[int, tuple[str, str]] = {}
        self.groups: dict[int, tuple[PreparedText, PreparedText]] = {}

    def _position(self, position) -> tuple[str, str]:
        if position.pk not in self.positions:
            context = {
                "position": position,
                "url": self.links.position(position),
            }
            self.positions[position.pk] = tuple(
                render_part(
                    f"{self.PARTS}position.{ext}",
                    context,
                    language=self.language,
                    center=self.center,
                )
                for ext in ("txt", "html")
            )
        return self.positions[position.pk]

    def _group(self, more: int) -> tuple[PreparedText, PreparedText]:
        # The "and 5 more" line is plural in some languages: one part per count.
        if more not in self.groups:
            self.groups[more] = tuple(
                PreparedText(
                    f"{self.PARTS}group.{ext}",
                    fields=self.FIELDS,
                    context={"more": more},
                    language=self.language,
                    center=self.center,
                )
                for ext in ("txt", "html")
            )
        return self.groups[more]

    def render(self, found: list) -> tuple[str, str]:
        """The list as text and as HTML; `found`: (saved search, positions) pairs."""
        texts, htmls = [], []
        for saved_search, positions in found:
            items = [self._position(position) for position in positions[:LISTED_PER_SEARCH]]
            text, html = self._group(len(positions) - len(items))
            links = {
                "name": saved_search.name,
                "results_url": absolute_url(self.links.results(saved_search)),
                "unsubscribe_url": self.links.unsubscribe(saved_search),
            }
            texts.append(text.fill(items="\n".join(t for t, _h in items), **links))
            htmls.append(html.fill(items=mark_safe("\n".join(h for _t, h in items)), **links))
        return "\n\n".join(texts), mark_safe("\n".join(htmls))


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
            links = _Links(center)
            listing_text, listing_html = _Listing(links, email_language(saved_search.user)).render(
                [(saved_search, [position])]
            )
            notify(
                saved_search.user,
                KIND,
                center=center,
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
                email_name="saved_search_alert",
                email_context={"listing_text": listing_text, "listing_html": listing_html},
                # One search: the email's one-click unsubscribe stops that one.
                email_headers=unsubscribe_headers(links.unsubscribe(saved_search)),
            )
            told += 1
    return told


def digest_period(frequency: str, day):
    """The period a digest sent on `day` belongs to: the day, or the Monday of its week."""
    if frequency == AlertDigest.Frequency.WEEKLY:
        return day - timedelta(days=day.weekday())
    return day


def _due_searches(center, frequency: str, period, users=None):
    """The searches with `frequency` alerts of the center's students who have not had this
    period's digest, by student; `users`: (first, last) user ids, or None for all."""
    done = AlertDigest.objects.filter(center=center, frequency=frequency, period=period)
    searches = _still_students(
        center, SavedSearch.objects.filter(center=center, alert=frequency)
    ).exclude(user__in=done.values("user_id"))
    if users is None:
        return searches
    return searches.filter(user_id__gte=users[0], user_id__lte=users[1])


def digest_user_ranges(*, center, frequency: str, now, size: int) -> list[tuple[int, int]]:
    """The students due this period's digest split into parts of about `size` students:
    (first, last) user ids, for chunk tasks that share a big center between workers."""
    period = digest_period(frequency, timezone.localdate(now))
    due = _due_searches(center, frequency, period).values_list("user_id", flat=True)
    user_ids = list(due.distinct().order_by("user_id"))
    return [
        (part[0], part[-1])
        for part in (user_ids[i : i + size] for i in range(0, len(user_ids), size))
    ]


def send_digests(*, center, frequency: str, now=None, users=None) -> int:
    """Send each student of the center with `frequency` alerts their digest of this period:
    the positions published since their last digest that match any of those searches.
    A student who got this period's digest gets nothing more, also when runs overlap.
    `users`: (first, last) user ids, the part of a big center one chunk task sends.
    Returns how many students were told."""
    now = now or timezone.now()
    period = digest_period(frequency, timezone.localdate(now))
    by_user: dict[int, list] = {}
    searches = _due_searches(center, frequency, period, users).select_related("user")
    for saved_search in searches.order_by("user_id", "pk"):
        by_user.setdefault(saved_search.user_id, []).append(saved_search)
    writer = _DigestWriter(center, frequency, period, now)
    user_ids = list(by_user)
    return sum(
        writer.write({pk: by_user[pk] for pk in user_ids[i : i + DIGEST_CHUNK]})
        for i in range(0, len(user_ids), DIGEST_CHUNK)
    )


def _digest_title(n: int) -> str:
    return ngettext(
        "%(n)d new position matches your saved searches",
        "%(n)d new positions match your saved searches",
        n,
    ) % {"n": n}


class _DigestWriter:
    """The digests of one run, a chunk of students at a time: their new positions found
    with a few queries for the whole chunk, and the chunk's digests, notifications and
    emails written in one transaction of a few statements, each email's words rendered
    once per language (`_Listing`, `PreparedEmail`)."""

    def __init__(self, center, frequency: str, period, now):
        self.center, self.frequency, self.period, self.now = center, frequency, period, now
        self.links = _Links(center)
        self.listings: dict[str, _Listing] = {}
        self.emails: dict[str, PreparedEmail] = {}
        self.titles: dict[tuple[str, int], str] = {}

    def write(self, chunk: dict[int, list]) -> int:
        """Send the digests of `chunk` (user id -> their searches); returns how many."""
        found = self._find(chunk)
        with transaction.atomic():
            fresh = self._claim({user_id: total for user_id, (total, _g) in found.items()})
            told = [user_id for user_id in fresh if found[user_id][0]]
            opted_out = email_opt_outs(told, KIND)
            notes = [
                self._note(chunk[user_id], *found[user_id], email=user_id not in opted_out)
                for user_id in told
            ]
            notify_many(KIND, notes, center=self.center)
        return len(notes)

    def _find(self, chunk: dict[int, list]) -> dict[int, tuple[int, list]]:
        """user id -> (how many new positions, [(search, its positions)]), each position
        under the student's first search that finds it, none they applied to already."""
        center, frequency = self.center, self.frequency
        last_until = dict(
            AlertDigest.objects.filter(center=center, frequency=frequency, user__in=list(chunk))
            .values("user_id")
            .annotate(until=Max("until"))
            .values_list("user_id", "until")
        )

        def since(saved_search):
            last = last_until.get(saved_search.user_id)
            return max(saved_search.alert_since, last) if last else saved_search.alert_since

        earliest = min(since(s) for searches in chunk.values() for s in searches)
        candidates = list(
            open_positions(center=center)
            .filter(published_at__gt=earliest, published_at__lte=self.now)
            .select_related("base__enterprise")
            .order_by("-published_at", "-pk")[:DIGEST_CANDIDATES]
        )
        # Students save the same few searches: each distinct one is matched once.
        matching: dict[tuple, list] = {}
        matched: dict[int, list] = {}
        for user_id, searches in chunk.items():
            seen, groups = set(), []
            for saved_search in searches:
                key = tuple(getattr(saved_search, field) for field in SEARCH_FIELDS)
                if key not in matching:
                    matching[key] = [p for p in candidates if saved_search.matches(p)]
                start = since(saved_search)
                positions = [
                    p for p in matching[key] if p.published_at > start and p.pk not in seen
                ]
                seen.update(p.pk for p in positions)
                groups.append((saved_search, positions))
            matched[user_id] = groups
        # A position the student already applied to is no news to them.
        applied = set(
            Application.objects.filter(
                center=center,
                student__user__in=[
                    user_id
                    for user_id, groups in matched.items()
                    if any(positions for _s, positions in groups)
                ],
                position__in={p.pk for groups in matched.values() for _s, ps in groups for p in ps},
            ).values_list("student__user_id", "position_id")
        )
        result = {}
        for user_id, groups in matched.items():
            groups = [
                (saved_search, [p for p in positions if (user_id, p.pk) not in applied])
                for saved_search, positions in groups
            ]
            groups = [(saved_search, positions) for saved_search, positions in groups if positions]
            result[user_id] = (sum(len(positions) for _s, positions in groups), groups)
        return result

    def _claim(self, totals: dict[int, int]) -> set:
        """Write this period's `AlertDigest` of each student in `totals` (user id -> new
        positions) who has none yet; returns whose were written. The unique constraint
        decides, in one statement: a concurrent run writing the same students waits for
        this transaction and writes none of them (ON CONFLICT DO NOTHING); students go in
        user id order, so two runs never wait for each other in a circle."""
        if not totals:
            return set()
        ops = connection.ops
        table = ops.quote_name(AlertDigest._meta.db_table)
        until = ops.adapt_datetimefield_value(self.now)
        created = ops.adapt_datetimefield_value(timezone.now())
        period = ops.adapt_datefield_value(self.period)
        params = []
        for user_id in sorted(totals):
            params += [self.center.pk, user_id, self.frequency, period, until, totals[user_id]]
            params.append(created)
        rows = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(totals))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} "  # names from the model, values as params
                "(center_id, user_id, frequency, period, until, position_count, created_at) "
                f"VALUES {rows} ON CONFLICT (center_id, user_id, frequency, period) "
                "DO NOTHING RETURNING user_id",
                params,
            )
            return {user_id for (user_id,) in cursor.fetchall()}

    def _note(self, searches, total: int, groups: list, *, email: bool) -> Note:
        user = searches[0].user
        center = self.center
        body = "\n".join(f"{saved_search.name}: {len(ps)}" for saved_search, ps in groups)
        translations = {code: [self._title(code, total), body] for code, _n in settings.LANGUAGES}
        language = email_language(user)
        url = self.links.results(groups[0][0]) if len(groups) == 1 else self.links.saved_searches
        outgoing = None
        if email:
            if language not in self.listings:
                self.listings[language] = _Listing(self.links, language)
                self.emails[language] = PreparedEmail(
                    "saved_search_alert",
                    fields=("title", "listing_text", "listing_html"),
                    context={"body": "", "link": "", "kind": NotificationKind(KIND).label},
                    language=language,
                    center=center,
                )
            listing_text, listing_html = self.listings[language].render(groups)
            outgoing = self.emails[language].outgoing(
                to=user.email,
                title=translations[language][0],
                listing_text=listing_text,
                listing_html=listing_html,
            )
            # The one-click unsubscribe stops every search the email comes from.
            outgoing.headers = unsubscribe_headers(self.links.unsubscribe(*searches))
        return Note(
            user=user,
            translations=translations,
            title=translations[language][0],
            body=body,
            url=url,
            email=outgoing,
        )

    def _title(self, language: str, n: int) -> str:
        if (language, n) not in self.titles:
            with translation.override(language):
                self.titles[language, n] = _digest_title(n)
        return self.titles[language, n]


@shared_task(base=CenterTask, bind=True, max_retries=3, default_retry_delay=60)
def instant_alerts_task(self, position_id, center=None):
    """Tell the students with matching instant alerts about a published position."""
    return send_instant_alerts(center=center, position_id=position_id)


@register_position_published("students.saved_search_alerts")
def _alert_on_publish(*, center, position) -> None:
    instant_alerts_task.enqueue_on_commit(position.pk, center_id=center.pk)
