"""Balanced assignment of judges to a round's entries, free of the database.

Each entry gets `k` judges whenever that many are free of conflict with it; a judge is
never given an entry they are in conflict with; and no judge carries more than the
smallest load that makes this possible. It is a flow problem (entries need k, judges
take up to a cap): augmenting paths move an entry from a full judge to a free one, and
the cap rises only when an entry still needs a judge it could have."""

from collections import deque
from math import ceil


def assign(
    entries: list, judges: list, *, k: int, blocked: set, existing: set = frozenset()
) -> list[tuple]:
    """New (entry, judge) pairs. `blocked` holds conflicted (entry, judge) pairs, `existing`
    the pairs already assigned (they count towards k and the loads, and stay)."""
    if not entries or not judges or k < 1:
        return []
    load = dict.fromkeys(judges, 0)
    have = dict.fromkeys(entries, 0)
    for entry, judge in existing:
        if judge in load:
            load[judge] += 1
        if entry in have:
            have[entry] += 1
    new: set = set()

    def paired(entry, judge) -> bool:
        return (entry, judge) in new or (entry, judge) in existing

    def eligible(entry):
        free = [j for j in judges if (entry, j) not in blocked and not paired(entry, j)]
        return sorted(free, key=lambda j: (load[j], str(j)))

    def augment(start, cap) -> bool:
        """Find a path start -> judge (-> entry moved off it -> judge)* ending at a judge
        under the cap, and flip it."""
        parent: dict = {("e", start): None}
        queue = deque([("e", start)])
        while queue:
            kind, node = queue.popleft()
            if kind == "e":
                for judge in eligible(node):
                    if ("j", judge) in parent:
                        continue
                    parent[("j", judge)] = ("e", node)
                    if load[judge] < cap:
                        _flip(parent, ("j", judge))
                        return True
                    queue.append(("j", judge))
            else:
                for entry in entries:
                    if (entry, node) in new and ("e", entry) not in parent:
                        parent[("e", entry)] = ("j", node)
                        queue.append(("e", entry))
        return False

    def _flip(parent, end) -> None:
        judge = end[1]
        load[judge] += 1
        step = end
        while parent[step] is not None:
            entry = parent[step][1]
            new.add((entry, step[1]))
            before = parent[("e", entry)]
            if before is None:
                have[entry] += 1
                return
            # The entry leaves the judge it came through, who keeps the same load.
            new.discard((entry, before[1]))
            step = before

    total = sum(max(k - have[e], 0) for e in entries) + sum(load.values())
    cap = max(ceil(total / len(judges)), max(load.values()))
    while True:
        progressed = True
        while progressed:
            progressed = False
            for entry in sorted(entries, key=lambda e: (len(eligible(e)), str(e))):
                if have[entry] < k and augment(entry, cap):
                    progressed = True
        if not any(have[e] < k and eligible(e) for e in entries) or cap >= len(entries):
            break
        cap += 1
    return sorted(new, key=lambda pair: (str(pair[0]), str(pair[1])))
