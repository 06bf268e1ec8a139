"""Explainable mentor suggestions: each reason scored 0..1, weighted by the center's
settings, so a student can read why a mentor is suggested."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from mentors.models import split_tags

# A mentor nobody rated yet counts as average: new mentors are not pushed to the bottom.
NEUTRAL_FEEDBACK = 0.6

REASONS = (
    ("major", "weight_major", _("Major fit")),
    ("tags", "weight_tags", _("Shared interests")),
    ("language", "weight_language", _("Language")),
    ("capacity", "weight_capacity", _("Free places")),
    ("feedback", "weight_feedback", _("Past feedback")),
)


@dataclass
class Part:
    key: str
    label: str
    weight: int
    value: float  # 0..1
    detail: str = ""

    @property
    def points(self) -> float:
        return self.weight * self.value


@dataclass
class Suggestion:
    approval: object
    parts: list = field(default_factory=list)

    @property
    def score(self) -> int:
        """0..100: the weighted share of the best possible score."""
        total = sum(part.weight for part in self.parts)
        if not total:
            return 0
        return round(100 * sum(part.points for part in self.parts) / total)


def interest_words(text: str) -> set[str]:
    return {tag.casefold() for tag in split_tags(text.replace(" ", ","))}


def major_fit(student_major: str, majors: list[str]) -> tuple[float, str]:
    major = student_major.strip().casefold()
    if not major or not majors:
        return 0.0, ""
    for advised in majors:
        if advised.casefold() == major:
            return 1.0, advised
    for advised in majors:
        # 计算机科学与技术 and 计算机: a field containing the other is a near fit.
        if advised.casefold() in major or major in advised.casefold():
            return 0.5, advised
    return 0.0, ""


def shared_tags(interests: str, tags: list[str]) -> tuple[float, list[str]]:
    words = interest_words(interests)
    shared = [
        tag for tag in tags if tag.casefold() in words or any(tag.casefold() in w for w in words)
    ]
    if not shared:
        return 0.0, []
    return min(len(shared) / 3, 1.0), shared


def score(*, approval, settings, student_major, interests, language, ratings) -> Suggestion:
    """The suggestion of `approval`'s mentor for a student; `ratings` is the mentor's average
    rating from students (None when nobody rated yet)."""
    profile = approval.profile
    major_value, major_name = major_fit(student_major, profile.major_list())
    tag_value, tags = shared_tags(interests, profile.tags())
    speaks = language in profile.language_codes()
    free = profile.free_places / profile.capacity if profile.capacity else 0.0
    feedback = (ratings - 1) / 4 if ratings is not None else NEUTRAL_FEEDBACK
    values = {
        "major": (major_value, major_name),
        "tags": (tag_value, "、".join(tags)),
        "language": (1.0 if speaks else 0.0, ""),
        "capacity": (free, str(profile.free_places)),
        "feedback": (feedback, f"{ratings:.1f}" if ratings is not None else ""),
    }
    parts = [
        Part(
            key=key,
            label=str(label),
            weight=getattr(settings, weight),
            value=values[key][0],
            detail=values[key][1],
        )
        for key, weight, label in REASONS
    ]
    return Suggestion(approval=approval, parts=parts)
