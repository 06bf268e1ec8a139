"""Open positions recommended to a student, each with the one reason that weighs most.

At program scale a center holds thousands of open positions, so the database first picks a
bounded set of candidates (open, not applied to, and either naming the student's major,
open to every major, or from an enterprise they applied to; newest first), and Python
scores only those. Three queries whatever the numbers: the applications, the candidates and,
when those are too few, the newest open positions.
"""

import functools
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import IntegerField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bases.models import Position
from students.models import Application
from students.selectors import open_positions, position_with_enterprise

CANDIDATES = 150
# What scoring and the result card read: the description and search_text (up to 5,000 and
# 5,600 characters) stay in the database, which looks for the skills itself.
POSITION_FIELDS = (
    "id",
    "center_id",
    "base_id",
    "title",
    "department",
    "city",
    "openings",
    "accepted_count",
    "duration_months",
    "stipend",
    "majors",
    "deadline",
    "status",
    "updated_at",  # in the card's cache key
)
ENTERPRISE_FIELDS = (
    "base__enterprise_id",
    "base__enterprise__name_zh",
    "base__enterprise__name_en",
)
# The applications that tell what the student likes: the newest ones.
HISTORY = 30
SHOWN = 10
DEADLINE_SOON_DAYS = 7

_WORDS = re.compile(r"[a-z0-9+#.]{2,}|[\u4e00-\u9fff]+")
# In nearly every title: they make every position look alike.
_COMMON = frozenset({"实习", "习生", "intern", "internship", "trainee"})


@dataclass
class Recommendation:
    position: object
    score: float
    reason: str | Promise


# A center's titles and major lists recur on every student's home: each is cut up once per
# process, not once per visit (frozen, as callers share the result).
@functools.lru_cache(maxsize=65_536)
def _terms(text: str) -> frozenset[str]:
    """Latin words, and Chinese runs cut into two-character pieces (no word splitter)."""
    terms = set()
    for word in _WORDS.findall(text.lower()):
        if word[0] >= "\u4e00":
            terms.update(word[i : i + 2] for i in range(max(len(word) - 1, 1)))
        else:
            terms.add(word)
    return frozenset(terms - _COMMON)


def _skills(profile) -> list[str]:
    parts = re.split(r"[,，、;；/\n]+", profile.skills or "")
    return [part.strip() for part in parts if len(part.strip()) >= 2][:15]


# The reasons, with the weight each carries; only the shown positions' are translated.
MAJOR = _("Matches your major %(major)s")
EVERY_MAJOR = _("Open to every major")
SKILLS = _("Asks for your skills: %(skills)s")
SIMILAR = _("Similar to positions you applied for")
PAYS = _("Pays ¥%(amount)s a month")
CLOSES = _("Closes soon, on %(day)s")
NEW = _("New at this center")


def _position(row, db) -> Position:
    """The position of a scored row: only the shown rows become model instances."""
    return position_with_enterprise(
        db,
        {name: row[name] for name in POSITION_FIELDS},
        {
            "id": row["base__enterprise_id"],
            "name_zh": row["base__enterprise__name_zh"],
            "name_en": row["base__enterprise__name_en"],
        },
    )


def _skills_found(lowered: list[str]) -> RawSQL:
    """Which of these skills a position's search text names, as a bit mask (bit i: skill
    i), worked out where the text is: 150 candidates' texts, up to 5,600 characters each,
    no longer cross to Python on every visit of a student's home."""
    quote = connection.ops.quote_name
    text = (
        f"{quote(Position._meta.db_table)}.{quote(Position._meta.get_field('search_text').column)}"
    )
    find = "strpos" if connection.vendor == "postgresql" else "instr"
    bits = " + ".join(
        f"(CASE WHEN {find}({text}, %s) > 0 THEN {1 << i} ELSE 0 END)" for i in range(len(lowered))
    )
    return RawSQL(f"({bits})", lowered, output_field=IntegerField())


@functools.lru_cache(maxsize=65_536)
def _majors(text: str) -> tuple[str, ...]:
    return tuple(major.strip().lower() for major in text.split(",") if major.strip())


def recommend(*, center, profile, limit: int = SHOWN, today=None) -> list[Recommendation]:
    today = today or timezone.localdate()
    history = list(
        Application.objects.filter(center=center, student=profile)
        .order_by("-created_at")
        .values_list(
            "position__title",
            "position__city",
            "position__base_id",
            "position__base__enterprise_id",
        )[:HISTORY]
    )
    applied_ids = Application.objects.filter(center=center, student=profile).values("position_id")
    liked_terms, liked_bases, liked_enterprises, liked_cities = set(), set(), set(), set()
    for title, city, base_id, enterprise_id in history:
        liked_terms |= _terms(title)
        liked_bases.add(base_id)
        liked_enterprises.add(enterprise_id)
        liked_cities.add(city)
    major = (profile.major or "").strip()
    fits = Q(majors="")
    if major:
        fits |= Q(majors__icontains=major)
    if liked_bases:
        # By base, not enterprise: the filter stays on the positions' own table, so the
        # newest-first index is walked and left at the limit.
        fits |= Q(base_id__in=liked_bases)
    skills = _skills(profile)
    base = (
        open_positions(center=center, today=today)
        .exclude(pk__in=applied_ids)
        .order_by("-published_at", "-pk")
    )
    if skills:
        base = base.annotate(skills_found=_skills_found([skill.lower() for skill in skills]))
    base = base.values(*POSITION_FIELDS, *ENTERPRISE_FIELDS, *(["skills_found"] if skills else []))
    candidates = list(base.filter(fits)[:CANDIDATES])
    if len(candidates) < limit:
        seen = {row["id"] for row in candidates}
        candidates += [row for row in base[:CANDIDATES] if row["id"] not in seen]
    if not candidates:
        return []
    top_stipend = max(row["stipend"] for row in candidates) or Decimal(1)
    major_lower = major.lower()
    soon = today + timedelta(days=DEADLINE_SOON_DAYS)
    scored = []
    for row in candidates:
        reasons = []  # (weight, text, its values)
        majors = _majors(row["majors"])
        if major and any(major_lower in m or m in major_lower for m in majors):
            reasons.append((5.0, MAJOR, {"major": major}))
        elif not majors:
            reasons.append((1.0, EVERY_MAJOR, None))
        found = row.get("skills_found") or 0
        matched = [skill for i, skill in enumerate(skills) if found >> i & 1]
        if matched:
            reasons.append((1.5 * min(len(matched), 3), SKILLS, {"skills": matched[:3]}))
        similar = 0.0
        if liked_terms:
            title_terms = _terms(row["title"])
            if title_terms:
                similar += 3.0 * len(title_terms & liked_terms) / len(title_terms)
        if row[ENTERPRISE_FIELDS[0]] in liked_enterprises:
            similar += 1.5
        if row["city"] in liked_cities:
            similar += 0.5
        if similar:
            reasons.append((similar, SIMILAR, None))
        share = float(row["stipend"] / top_stipend)
        if share >= 0.75:
            reasons.append((1.5 * share, PAYS, {"amount": row["stipend"]}))
        else:
            reasons.append((1.5 * share, None, None))
        if row["deadline"] <= soon:
            reasons.append((1.0, CLOSES, {"day": row["deadline"]}))
        score = sum(weight for weight, _text, _values in reasons)
        named = [r for r in reasons if r[1] is not None]
        scored.append((score, row, max(named, key=lambda r: r[0]) if named else None))
    # Equal scores: the newer position first (candidates are newest first; sort is stable).
    scored.sort(key=lambda entry: -entry[0])
    db = base.db
    return [
        Recommendation(_position(row, db), score, _reason(named))
        for score, row, named in scored[:limit]
    ]


def _reason(named) -> str | Promise:
    if named is None:
        return NEW
    _weight, text, values = named
    if values is None:
        return text
    if "skills" in values:
        return text % {"skills": ", ".join(values["skills"])}
    if "amount" in values:
        return text % {"amount": f"{values['amount']:,.0f}"}
    if "day" in values:
        return text % {"day": values["day"].isoformat()}
    return text % values
