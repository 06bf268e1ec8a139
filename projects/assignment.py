"""Balanced assignment of judges to a round's entries, free of the database.

Each entry gets up to `k` judges; a judge is never given an entry they are in conflict
with; the load is spread so no judge gets more than the fewest possible above the others
(greedy: the entry with the fewest eligible judges first, each time the least-loaded
eligible judge)."""

from math import ceil


def assign(
    entries: list, judges: list, *, k: int, blocked: set, existing: set = frozenset()
) -> list[tuple]:
    """New (entry, judge) pairs. `blocked` holds conflicted (entry, judge) pairs, `existing`
    the pairs already assigned (they count towards k and the loads)."""
    if not entries or not judges or k < 1:
        return []
    load = dict.fromkeys(judges, 0)
    have = {entry: 0 for entry in entries}
    for entry, judge in existing:
        if judge in load:
            load[judge] += 1
        if entry in have:
            have[entry] += 1
    cap = max(ceil(len(entries) * k / len(judges)), max(load.values(), default=0))
    eligible = {
        entry: [j for j in judges if (entry, j) not in blocked and (entry, j) not in existing]
        for entry in entries
    }
    order = sorted(entries, key=lambda e: (len(eligible[e]), str(e)))
    made = []
    for _pass in range(k):
        for entry in order:
            if have[entry] >= k:
                continue
            taken = {j for e, j in made if e == entry}
            options = [j for j in eligible[entry] if j not in taken]
            if not options:
                continue
            under_cap = [j for j in options if load[j] < cap] or options
            judge = min(under_cap, key=lambda j: (load[j], str(j)))
            made.append((entry, judge))
            load[judge] += 1
            have[entry] += 1
    return made
