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


def read_rows(prefix) -> list[dict]:
    """Every request name of one headless Locust run, the total ("Aggregated") last."""
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = [
            {
                "name": r["Name"] if r["Name"] != "Aggregated" else "all requests",
                "total": r["Name"] == "Aggregated",
                "rps": float(r["Requests/s"]),
                "p50": float(r["50%"] or 0),
                "p95": float(r["95%"] or 0),
                "p99": float(r["99%"] or 0),
                "requests": int(r["Request Count"]),
                "errors": int(r["Failure Count"]),
            }
            for r in csv.DictReader(stats)
        ]
    for row in rows:
        row["failures"] = _failures(prefix) if row["total"] else ""
    return sorted(rows, key=lambda r: r["total"])


def mixed_table(rows) -> list[str]:
    """The mixed scenario's lines: each kind of request, then all of them with the verdict."""
    lines = [
        f"{_pad('request', 34)} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>11}"
    ]
    for r in rows:
        lines.append(
            f"{_pad(r['name'], 34)} {r['rps']:>8.1f} {r['p50']:>8.0f} {r['p95']:>8.0f} "
            f"{r['p99']:>8.0f} {r['errors']:>5}/{r['requests']:<5}"
        )
    total = rows[-1] if rows and rows[-1]["total"] else None
    if total:
        share = total["errors"] / (total["requests"] or 1)
        met = share < 0.01 and total["p95"] < 800
        lines.append(
            f"errors {share:.2%} (goal < 1 %), p95 {total['p95']:.0f} ms (goal < 800 ms): "
            + ("met" if met else "NOT met")
        )
        if total["failures"]:
            lines.append(f"  errors: {total['failures']}")
    return lines


def print_mixed(rows):
    print("", *mixed_table(rows), sep="\n", flush=True)


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

    A page is divided by the mean of the floor runs nearest before and after it: on a shared
    machine the load drifts while a round runs. The floor is run at the start and at the end
    of a round (`floor_names`), and with `--paired` between every two pages as well. A floor
    run is shown against the mean of all of them.
    """
    at = [i for i, (name, _) in enumerate(results) if name in floor_names]
    floors = [results[i][1]["rps"] for i in at]
    overall = (sum(floors) / len(floors)) if floors else 0

    def floor_of(index) -> float:
        if index in at:
            return overall
        before = [results[i][1]["rps"] for i in at if i < index][-1:]
        after = [results[i][1]["rps"] for i in at if i > index][:1]
        near = before + after
        return sum(near) / len(near) if near else overall

    lines = [
        f"Round {number}",
        f"{_pad('page', 34)} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>11} "
        f"{'KB':>6} {'× floor':>8}",
    ]
    for index, (name, r) in enumerate(results):
        errors = f"{r['errors']}/{r['requests']}"
        lines.append(
            f"{_pad(name, 34)} {r['rps']:>8.1f} {r['p50']:>8.0f} {r['p99']:>8.0f} {errors:>11} "
            f"{r['kb']:>6.1f} {r['rps'] / (floor_of(index) or 1):>8.2f}"
        )
    lines += [f"  errors of {name}: {r['failures']}" for name, r in results if r["failures"]]
    return lines


def print_table(number, results, floor_names):
    print("", *table(number, results, floor_names), sep="\n", flush=True)
