"""Arithmetic of a round's ranking, free of the database: weighted means per judge, the
median and spread across judges, each judge's scores normalized to z-scores, and the flag
for entries whose judges disagree."""

from dataclasses import dataclass
from statistics import fmean, median, pstdev

# Judges disagree when their weighted means lie further apart than this (on the 1–10 scale).
DISAGREEMENT_SPREAD = 3.0


def weighted_mean(values: dict, weights: dict) -> float:
    """Weighted mean of one judge's scores of an entry; criteria without a score don't count."""
    total = sum(weights[key] for key in values if key in weights)
    if not total:
        return 0.0
    return sum(values[key] * weights[key] for key in values if key in weights) / total


# Below this relative spread a judge's means count as equal (scores have two decimals).
SAME_MEAN = 1e-9


def z_scores(means_by_entry: dict) -> dict:
    """One judge's means as z-scores against that judge's own mean and deviation, so a
    harsh judge and a lenient one weigh alike. A judge who gave everyone the same mean (or
    scored one entry) says nothing about order: 0 for each."""
    values = list(means_by_entry.values())
    if len(values) < 2:
        return dict.fromkeys(means_by_entry, 0.0)
    centre, spread = fmean(values), pstdev(values)
    # Means that differ only by floating-point rounding (1.0 and 1.0000000000000002) are
    # the same mean: divided by such a spread, that noise would become whole z-scores.
    if spread <= SAME_MEAN * max(1.0, abs(centre)):
        return dict.fromkeys(means_by_entry, 0.0)
    return {key: (value - centre) / spread for key, value in means_by_entry.items()}


@dataclass
class Standing:
    entry: object
    judges: int
    mean: float | None
    median: float | None
    spread: float | None
    z: float | None
    disagreement: bool


def standings(entries: list, means: dict) -> list[Standing]:
    """Entries best first. `means` maps (judge, entry key) to that judge's weighted mean.

    Ordered by the mean z-score over the entry's judges, then by the weighted mean; entries
    no judge scored come last."""
    by_judge: dict = {}
    by_entry: dict = {}
    for (judge, key), value in means.items():
        by_judge.setdefault(judge, {})[key] = value
        by_entry.setdefault(key, []).append(value)
    z_of: dict = {}
    for judged in by_judge.values():
        for key, z in z_scores(judged).items():
            z_of.setdefault(key, []).append(z)
    rows = []
    for entry in entries:
        key = entry.pk
        values = by_entry.get(key, [])
        if values:
            spread = max(values) - min(values)
            rows.append(
                Standing(
                    entry=entry,
                    judges=len(values),
                    mean=fmean(values),
                    median=median(values),
                    spread=spread,
                    z=fmean(z_of[key]),
                    disagreement=spread > DISAGREEMENT_SPREAD,
                )
            )
        else:
            rows.append(Standing(entry, 0, None, None, None, None, False))
    rows.sort(key=lambda s: (s.mean is None, -(s.z or 0.0), -(s.mean or 0.0), s.entry.pk))
    return rows
