"""Reading Locust's figures and printing the load benchmark's table (no Django here)."""

import csv
import unicodedata


def read_stats(prefix) -> dict:
    """The totals of one headless Locust run, from the CSV files written under `prefix`."""
    with open(f"{prefix}_stats.csv", newline="") as stats:
        row = next(r for r in csv.DictReader(stats) if r["Name"] == "Aggregated")
    return {
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"] or 0),
        "p99": float(row["99%"] or 0),
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "kb": float(row["Average Content Size"] or 0) / 1024,
        "failures": _failures(prefix),
    }


def _failures(prefix) -> str:
    try:
        with open(f"{prefix}_failures.csv", newline="") as failures:
            return "; ".join(f"{r['Error']} ×{r['Occurrences']}" for r in csv.DictReader(failures))
    except FileNotFoundError:
        return ""


def _pad(text, width):
    """Left-aligned in `width` columns, Chinese characters counting two."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - shown, 0)


def table(number, results, floor_names) -> list[str]:
    """One round's lines, each page's requests/s divided by the floor's.

    The floor is measured at the start and at the end of the round (`floor_names`) and the
    mean taken: on a shared machine the load drifts while a round runs.
    """
    floors = [r["rps"] for name, r in results if name in floor_names]
    floor = (sum(floors) / len(floors)) or 1
    lines = [
        f"Round {number}",
        f"{_pad('page', 34)} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>11} "
        f"{'KB':>6} {'× floor':>8}",
    ]
    for name, r in results:
        errors = f"{r['errors']}/{r['requests']}"
        lines.append(
            f"{_pad(name, 34)} {r['rps']:>8.1f} {r['p50']:>8.0f} {r['p99']:>8.0f} {errors:>11} "
            f"{r['kb']:>6.1f} {r['rps'] / floor:>8.2f}"
        )
    lines += [f"  errors of {name}: {r['failures']}" for name, r in results if r["failures"]]
    return lines


def print_table(number, results, floor_names):
    print("", *table(number, results, floor_names), sep="\n", flush=True)
