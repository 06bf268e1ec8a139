"""The batch match's arithmetic: each student-mentor pair scored with the suggestions'
explained reasons, and the assignment that pairs as many students as the mentors' free places
allow and, among those, has the highest total score.

Pure: no database. The score of a pair is an integer in tenths of a point out of 1000 and is
the exact sum of its reasons' points, so a breakdown always adds up to what is shown.

The assignment is a maximum-weight matching between students and the mentors' free places,
solved exactly by the Hungarian method (scipy's `linear_sum_assignment`) on a students ×
places matrix: each mentor takes as many columns as they have free places, so no mentor can
get more students than places. A feasible pair is worth `MATCHED` plus its score, with
`MATCHED` larger than any total of scores: a pairing more always beats a better score.
"""

from dataclasses import dataclass, field

import numpy as np

from mentors.suggestions import NEUTRAL_FEEDBACK, REASONS, major_fit

KEYS = tuple(key for key, _weight, _label in REASONS)
FULL = 1000  # a perfect pair: 100.0 points, in tenths

# Why a student of the batch has no proposed mentor (MatchProposal.Unmatched's values).
NO_LISTED_MENTOR = "no_listed"
NO_MENTOR = "no_mentor"
TAKEN = "taken"


def _fold(words) -> tuple[str, ...]:
    return tuple(word.casefold() for word in words)


@dataclass(frozen=True)
class Student:
    id: int
    major: str = ""
    interests: tuple[str, ...] = ()  # the words of the student's skills
    language: str = "zh"
    # The mentors the student listed (None: no preference) and those who declined them.
    preferred: frozenset | None = None
    refused: frozenset = frozenset()
    user_id: int | None = None


@dataclass(frozen=True)
class Mentor:
    id: int
    majors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("zh",)
    capacity: int = 1
    active: int = 0
    rating: float | None = None
    user_id: int | None = None

    @property
    def free(self) -> int:
        return max(self.capacity - self.active, 0)


@dataclass(frozen=True)
class Part:
    key: str
    weight: int
    value: float
    points: int  # tenths
    detail: str = ""


def shared_tags(words: tuple[str, ...], tags: tuple[str, ...]) -> tuple[float, list[str]]:
    folded = _fold(words)
    shared = [tag for tag in tags if any(tag.casefold() in word for word in folded)]
    return (min(len(shared) / 3, 1.0), shared) if shared else (0.0, [])


def explain(student: Student, mentor: Mentor, weights: dict) -> list[Part]:
    """The pair's reasons, each with its points in tenths; their sum is the pair's score."""
    major, major_name = major_fit(student.major, mentor.majors)
    tags, shared = shared_tags(student.interests, mentor.tags)
    free = mentor.free / mentor.capacity if mentor.capacity else 0.0
    rating = mentor.rating
    values = {
        "major": (major, major_name),
        "tags": (tags, "、".join(shared)),
        "language": (1.0 if student.language in mentor.languages else 0.0, ""),
        "capacity": (free, str(mentor.free)),
        "feedback": (
            (rating - 1) / 4 if rating is not None else NEUTRAL_FEEDBACK,
            f"{rating:.1f}" if rating is not None else "",
        ),
    }
    total = sum(weights[key] for key in KEYS) or 1
    return [
        Part(
            key=key,
            weight=weights[key],
            value=round(values[key][0], 4),
            points=round(FULL * weights[key] * values[key][0] / total),
            detail=values[key][1],
        )
        for key in KEYS
    ]


def score_of(parts: list[Part]) -> int:
    return sum(part.points for part in parts)


def feasible(student: Student, mentor: Mentor) -> bool:
    return (
        mentor.free > 0
        and (student.preferred is None or mentor.id in student.preferred)
        and mentor.id not in student.refused
        and (student.user_id is None or student.user_id != mentor.user_id)
    )


@dataclass
class Result:
    assigned: dict = field(default_factory=dict)  # student id -> mentor id
    scores: dict = field(default_factory=dict)  # student id -> score (tenths)
    unmatched: dict = field(default_factory=dict)  # student id -> reason

    @property
    def total(self) -> int:
        return sum(self.scores.values())


def score_matrix(students: list[Student], mentors: list[Mentor], weights: dict) -> np.ndarray:
    """Scores of every pair in tenths, -1 where the pair is not allowed. Each reason is
    computed once per distinct value on the student's side (majors, interests, languages
    repeat across a cohort) and the rows are put together with numpy."""
    total = sum(weights[key] for key in KEYS) or 1

    def points(key, value):
        return round(FULL * weights[key] * value / total)

    def per_value(values, reason):
        distinct = {value: n for n, value in enumerate(dict.fromkeys(values))}
        table = np.array(
            [[reason(value, mentor) for mentor in mentors] for value in distinct],
            dtype=np.int32,
        ).reshape(len(distinct), len(mentors))
        return table[[distinct[value] for value in values]]

    matrix = per_value(
        [s.major for s in students],
        lambda major, m: points("major", major_fit(major, m.majors)[0]),
    )
    matrix += per_value(
        [s.interests for s in students],
        lambda words, m: points("tags", shared_tags(words, m.tags)[0]),
    )
    matrix += per_value(
        [s.language for s in students],
        lambda language, m: points("language", 1.0 if language in m.languages else 0.0),
    )
    matrix += np.array(
        [
            points("capacity", m.free / m.capacity if m.capacity else 0.0)
            + points("feedback", (m.rating - 1) / 4 if m.rating is not None else NEUTRAL_FEEDBACK)
            for m in mentors
        ],
        dtype=np.int32,
    ).reshape(1, len(mentors))
    allowed = np.ones(matrix.shape, dtype=bool)
    allowed[:, [m.free <= 0 for m in mentors]] = False
    column = {m.id: n for n, m in enumerate(mentors)}
    by_user = {m.user_id: n for n, m in enumerate(mentors) if m.user_id is not None}
    for row, student in enumerate(students):
        if student.preferred is not None:
            listed = np.zeros(len(mentors), dtype=bool)
            listed[[column[m] for m in student.preferred if m in column]] = True
            allowed[row] &= listed
        for mentor in student.refused:
            if mentor in column:
                allowed[row, column[mentor]] = False
        if student.user_id in by_user:
            allowed[row, by_user[student.user_id]] = False
    return np.where(allowed, matrix, -1)


def solve(students: list[Student], mentors: list[Mentor], weights: dict) -> Result:
    """Pair the most students the free places allow, with the highest total score."""
    result = Result()
    if not students:
        return result
    scores = score_matrix(students, mentors, weights)
    places = [column for column, mentor in enumerate(mentors) for _n in range(mentor.free)]
    if places:
        matched_bonus = FULL * len(students) + 1
        expanded = scores[:, places].astype(np.int64)
        worth = np.where(expanded >= 0, expanded + matched_bonus, 0)
        # Imported here: SciPy's optimizer takes seconds to load, which every process of the
        # portal would pay at start for the batch runs that need it.
        from scipy.optimize import linear_sum_assignment

        rows, columns = linear_sum_assignment(worth, maximize=True)
        for row, column in zip(rows, columns, strict=True):
            if worth[row, column] > 0:
                student, mentor = students[row], mentors[places[column]]
                result.assigned[student.id] = mentor.id
                result.scores[student.id] = int(expanded[row, column])
    for row, student in enumerate(students):
        if student.id in result.assigned:
            continue
        if (scores[row] >= 0).any():
            result.unmatched[student.id] = TAKEN
        elif student.preferred is not None:
            result.unmatched[student.id] = NO_LISTED_MENTOR
        else:
            result.unmatched[student.id] = NO_MENTOR
    return result
