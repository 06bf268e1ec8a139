"""The batch match's arithmetic on worlds drawn by Hypothesis: capacity never exceeded,
listed mentors respected, every score explained, and the assignment as good as a brute
force finds on tiny worlds."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from mentors import matching

MAJORS = ["计算机科学与技术", "计算机", "统计学", "市场营销", ""]
TAGS = ["数据分析", "Python", "创业", "招聘", "金融"]
WEIGHTS = {"major": 4, "tags": 3, "language": 1, "capacity": 1, "feedback": 1}


@st.composite
def worlds(draw, max_students=8, max_mentors=4):
    mentors = [
        matching.Mentor(
            id=100 + n,
            majors=tuple(draw(st.lists(st.sampled_from(MAJORS[:4]), max_size=2, unique=True))),
            tags=tuple(draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True))),
            languages=tuple(draw(st.sampled_from([("zh",), ("zh", "en"), ("en",)]))),
            capacity=(capacity := draw(st.integers(1, 3))),
            active=draw(st.integers(0, capacity)),
            rating=draw(st.one_of(st.none(), st.floats(1, 5))),
        )
        for n in range(draw(st.integers(0, max_mentors)))
    ]
    ids = [m.id for m in mentors]
    students = []
    for n in range(draw(st.integers(0, max_students))):
        listed = (
            draw(st.one_of(st.none(), st.sets(st.sampled_from(ids), max_size=3))) if ids else None
        )
        if listed is not None and not listed:
            listed = None
        students.append(
            matching.Student(
                id=n + 1,
                major=draw(st.sampled_from(MAJORS)),
                interests=tuple(draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True))),
                language=draw(st.sampled_from(["zh", "en"])),
                preferred=frozenset(listed) if listed else None,
                refused=frozenset(draw(st.sets(st.sampled_from(ids), max_size=1)) if ids else ()),
            )
        )
    weights = draw(
        st.fixed_dictionaries({key: st.integers(0, 10) for key in matching.KEYS}).filter(
            lambda w: any(w.values())
        )
    )
    return students, mentors, weights


@given(worlds(max_students=30, max_mentors=8))
@settings(max_examples=50, deadline=None)
def test_no_mentor_gets_more_students_than_free_places(world):
    students, mentors, weights = world
    result = matching.solve(students, mentors, weights)
    for mentor in mentors:
        taken = sum(1 for m in result.assigned.values() if m == mentor.id)
        assert taken <= mentor.free


@given(worlds(max_students=30, max_mentors=8))
@settings(max_examples=50, deadline=None)
def test_a_student_who_listed_mentors_only_gets_one_of_them_and_never_one_who_refused(world):
    students, mentors, weights = world
    result = matching.solve(students, mentors, weights)
    for student in students:
        mentor = result.assigned.get(student.id)
        if mentor is None:
            assert student.id in result.unmatched
            continue
        if student.preferred is not None:
            assert mentor in student.preferred
        assert mentor not in student.refused


@given(worlds(max_students=20, max_mentors=6))
@settings(max_examples=50, deadline=None)
def test_every_proposal_explains_its_score_and_the_parts_add_up_to_it(world):
    students, mentors, weights = world
    result = matching.solve(students, mentors, weights)
    by_id = {m.id: m for m in mentors}
    for student in students:
        if student.id not in result.assigned:
            continue
        parts = matching.explain(student, by_id[result.assigned[student.id]], weights)
        assert [p.key for p in parts] == list(matching.KEYS)
        assert sum(p.points for p in parts) == result.scores[student.id]
        assert 0 <= result.scores[student.id] <= matching.FULL
        for part in parts:
            assert part.weight == weights[part.key]
            assert 0 <= part.value <= 1


def brute_force(students, mentors, weights) -> tuple[int, int]:
    """The best (students paired, total score) over every assignment."""
    by_id = {m.id: m for m in mentors}
    options = [
        [None] + [m.id for m in mentors if matching.feasible(student, m)] for student in students
    ]
    best = (0, 0)
    for choice in itertools.product(*options):
        counts: dict = {}
        for mentor in choice:
            if mentor is not None:
                counts[mentor] = counts.get(mentor, 0) + 1
        if any(n > by_id[m].free for m, n in counts.items()):
            continue
        total = sum(
            matching.score_of(matching.explain(s, by_id[m], weights))
            for s, m in zip(students, choice, strict=True)
            if m is not None
        )
        best = max(best, (sum(counts.values()), total))
    return best


@given(worlds(max_students=5, max_mentors=3))
@settings(max_examples=120, deadline=None)
def test_the_assignment_is_as_good_as_the_best_found_by_trying_every_one(world):
    students, mentors, weights = world
    result = matching.solve(students, mentors, weights)
    assert (len(result.assigned), result.total) == brute_force(students, mentors, weights)


def test_unmatched_students_say_why():
    full = matching.Mentor(id=1, capacity=1, active=1)
    open_ = matching.Mentor(id=2, capacity=1)
    students = [
        matching.Student(id=10, preferred=frozenset({1})),
        matching.Student(id=11, major="统计学"),
        matching.Student(id=12),
    ]
    result = matching.solve(students, [full, open_], WEIGHTS)
    assert result.unmatched[10] == matching.NO_LISTED_MENTOR
    assert len(result.assigned) == 1
    assert matching.TAKEN in result.unmatched.values()
    assert matching.solve([matching.Student(id=1)], [], WEIGHTS).unmatched == {
        1: matching.NO_MENTOR
    }


def test_the_better_fit_wins_a_single_place():
    mentor = matching.Mentor(id=1, majors=("统计学",), capacity=1)
    students = [matching.Student(id=1, major="市场营销"), matching.Student(id=2, major="统计学")]
    assert matching.solve(students, [mentor], WEIGHTS).assigned == {2: 1}
