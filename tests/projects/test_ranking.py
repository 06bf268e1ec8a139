"""The ranking's arithmetic and the balanced assignment of judges, on generated data."""

from math import ceil
from types import SimpleNamespace

from hypothesis import example, given
from hypothesis import strategies as st

from projects.assignment import assign
from projects.ranking import DISAGREEMENT_SPREAD, standings, weighted_mean, z_scores

scores = st.integers(min_value=1, max_value=10)
weights = st.integers(min_value=1, max_value=100)


@given(st.lists(st.tuples(scores, weights), min_size=1, max_size=6))
def test_weighted_mean_lies_between_the_lowest_and_highest_score(pairs):
    values = {i: v for i, (v, _w) in enumerate(pairs)}
    w = {i: wt for i, (_v, wt) in enumerate(pairs)}
    mean = weighted_mean(values, w)
    assert min(values.values()) - 1e-9 <= mean <= max(values.values()) + 1e-9


def test_weighted_mean_weighs_each_criterion():
    assert weighted_mean({"a": 10, "b": 5}, {"a": 30, "b": 70}) == 6.5


@given(st.lists(st.floats(min_value=1, max_value=10), min_size=2, max_size=12))
@example(values=[1.0, 1.0000000000000002])  # equal means but for rounding
def test_z_scores_of_a_judge_have_mean_zero(values):
    z = z_scores(dict(enumerate(values)))
    assert abs(sum(z.values())) < 1e-6


def test_a_judge_who_gives_everyone_the_same_says_nothing_about_order():
    assert z_scores({1: 7.0, 2: 7.0, 3: 7.0}) == {1: 0.0, 2: 0.0, 3: 0.0}


def test_harsh_and_lenient_judges_rank_alike_after_normalizing():
    entries = [SimpleNamespace(pk=1), SimpleNamespace(pk=2)]
    # The harsh judge prefers 2, the lenient one 1 by less: z-scores weigh them alike.
    means = {("harsh", 1): 2.0, ("harsh", 2): 4.0, ("lenient", 1): 9.5, ("lenient", 2): 9.0}
    rows = standings(entries, means)
    assert rows[0].z == rows[1].z == 0.0


def test_spread_above_the_threshold_flags_disagreement():
    entries = [SimpleNamespace(pk=1), SimpleNamespace(pk=2)]
    means = {("a", 1): 9.0, ("b", 1): 9.0 - DISAGREEMENT_SPREAD - 0.5, ("a", 2): 5, ("b", 2): 6}
    rows = {r.entry.pk: r for r in standings(entries, means)}
    assert rows[1].disagreement and not rows[2].disagreement
    assert rows[2].median == 5.5 and rows[2].spread == 1


def test_entries_no_judge_scored_come_last():
    entries = [SimpleNamespace(pk=1), SimpleNamespace(pk=2)]
    rows = standings(entries, {("a", 2): 3.0})
    assert [r.entry.pk for r in rows] == [2, 1]
    assert rows[1].mean is None


@given(
    n_entries=st.integers(min_value=1, max_value=15),
    n_judges=st.integers(min_value=1, max_value=8),
    k=st.integers(min_value=1, max_value=4),
    data=st.data(),
)
def test_assignment_never_gives_a_conflicted_entry(n_entries, n_judges, k, data):
    entries, judges = list(range(n_entries)), [f"j{i}" for i in range(n_judges)]
    every = [(e, j) for e in entries for j in judges]
    blocked = set(data.draw(st.lists(st.sampled_from(every), max_size=len(every))))
    made = assign(entries, judges, k=k, blocked=blocked)
    assert not set(made) & blocked
    assert len(made) == len(set(made))
    for entry in entries:
        eligible = sum(1 for j in judges if (entry, j) not in blocked)
        got = sum(1 for e, _j in made if e == entry)
        # Each entry gets k judges whenever that many are free of conflict.
        assert got == min(k, eligible)


@given(
    n_entries=st.integers(min_value=1, max_value=20),
    n_judges=st.integers(min_value=1, max_value=8),
    k=st.integers(min_value=1, max_value=4),
)
def test_assignment_without_conflicts_meets_k_and_overloads_nobody(n_entries, n_judges, k):
    entries, judges = list(range(n_entries)), [f"j{i}" for i in range(n_judges)]
    made = assign(entries, judges, k=k, blocked=set())
    per_entry = min(k, n_judges)
    assert len(made) == n_entries * per_entry
    loads = [sum(1 for _e, j in made if j == judge) for judge in judges]
    assert max(loads) <= ceil(n_entries * k / n_judges)
    assert max(loads) - min(loads) <= 1


def test_existing_assignments_count_towards_k():
    made = assign([1], ["a", "b", "c"], k=2, blocked=set(), existing={(1, "a")})
    assert len(made) == 1 and made[0][1] != "a"
