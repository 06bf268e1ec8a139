"""Open positions recommended to a student, each with the one reason that weighs most.

At program scale a center holds thousands of open positions, so the database first picks a
bounded set of candidates (open, not applied to, and either naming the student's major,
open to every major, or from an enterprise they applied to; newest first), and Python
scores only those. Three queries whatever the numbers: the applications, the candidates and,
when those are too few, the newest open positions.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from students.models import Application
from students.selectors import open_positions

CANDIDATES = 150
# What scoring and the result card read: the description (up to 5,000 characters, and
# already inside search_text) stays in the database.
CARD_FIELDS = (
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
    "search_text",
    "published_at",
    "updated_at",
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


def _terms(text: str) -> set[str]:
    """Latin words, and Chinese runs cut into two-character pieces (no word splitter)."""
    terms = set()
    for word in _WORDS.findall(text.lower()):
        if word[0] >= "\u4e00":
            terms.update(word[i : i + 2] for i in range(max(len(word) - 1, 1)))
        else:
            terms.add(word)
    return terms - _COMMON


def _skills(profile) -> list[str]:
    parts = re.split(r"[,，、;；/\n]+", profile.skills or "")
    return [part.strip() for part in parts if len(part.strip()) >= 2][:15]


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
    base = (
        open_positions(center=center, today=today)
        .exclude(pk__in=applied_ids)
        .select_related("base__enterprise")
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-pk")
    )
    candidates = list(base.filter(fits)[:CANDIDATES])
    if len(candidates) < limit:
        seen = {p.pk for p in candidates}
        candidates += [p for p in base[:CANDIDATES] if p.pk not in seen]
    if not candidates:
        return []
    skills = _skills(profile)
    top_stipend = max(p.stipend for p in candidates) or Decimal(1)
    scored = []
    for position in candidates:
        reasons = []  # (weight, reason)
        majors = [m.lower() for m in position.majors_list]
        if major and any(major.lower() in m or m in major.lower() for m in majors):
            reasons.append((5.0, _("Matches your major %(major)s") % {"major": major}))
        elif not majors:
            reasons.append((1.0, _("Open to every major")))
        matched = [skill for skill in skills if skill.lower() in position.search_text]
        if matched:
            reasons.append(
                (
                    1.5 * min(len(matched), 3),
                    _("Asks for your skills: %(skills)s") % {"skills": ", ".join(matched[:3])},
                )
            )
        similar = 0.0
        if liked_terms:
            title_terms = _terms(position.title)
            if title_terms:
                similar += 3.0 * len(title_terms & liked_terms) / len(title_terms)
        if position.base.enterprise_id in liked_enterprises:
            similar += 1.5
        if position.city in liked_cities:
            similar += 0.5
        if similar:
            reasons.append((similar, _("Similar to positions you applied for")))
        share = float(position.stipend / top_stipend)
        if share >= 0.75:
            reasons.append(
                (
                    1.5 * share,
                    _("Pays ¥%(amount)s a month") % {"amount": f"{position.stipend:,.0f}"},
                )
            )
        else:
            reasons.append((1.5 * share, ""))
        if position.deadline <= today + timedelta(days=DEADLINE_SOON_DAYS):
            reasons.append(
                (1.0, _("Closes soon, on %(day)s") % {"day": position.deadline.isoformat()})
            )
        score = sum(weight for weight, _reason in reasons)
        named = [r for r in reasons if r[1]]
        reason = max(named, key=lambda r: r[0])[1] if named else _("New at this center")
        scored.append(Recommendation(position, score, reason))
    # Equal scores: the newer position first (candidates are newest first; sort is stable).
    scored.sort(key=lambda r: -r.score)
    return scored[:limit]
