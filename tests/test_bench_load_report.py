"""The load benchmark's table: figures read from Locust's CSV, each page against the floor."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from load_report import mixed_table, read_rows, read_stats, table

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
)


def write_run(tmp_path, rps, failures=0, requests=300, errors_csv=None):
    prefix = tmp_path / f"run{rps}"
    (tmp_path / f"run{rps}_stats.csv").write_text(
        HEADER
        + f"GET,page,{requests},{failures},40,45,10,200,20480,{rps},0,40,50,60,70,80,90,100,120,"
        "150,200,200\n"
        + f",Aggregated,{requests},{failures},40,45,10,200,20480,{rps},0,40,50,60,70,80,90,100,"
        "120,150,200,200\n"
    )
    if errors_csv:
        (tmp_path / f"run{rps}_failures.csv").write_text(
            "Method,Name,Error,Occurrences\n" + errors_csv
        )
    return prefix


def test_totals_come_from_the_aggregated_row(tmp_path):
    stats = read_stats(write_run(tmp_path, 20.5, failures=3, errors_csv="GET,page,HTTP 302,3\n"))

    assert stats["rps"] == 20.5
    assert (stats["p50"], stats["p99"]) == (40, 120)
    assert (stats["requests"], stats["errors"]) == (300, 3)
    assert stats["kb"] == 20
    assert stats["failures"] == "HTTP 302 ×3"


def test_each_page_is_shown_as_a_share_of_the_floor_measured_before_and_after(tmp_path):
    floor = read_stats(write_run(tmp_path, 150.0))
    search = read_stats(write_run(tmp_path, 50.0, failures=2, errors_csv="GET,page,HTTP 500,2\n"))
    floor_again = read_stats(write_run(tmp_path, 250.0))

    lines = table(
        1,
        [("floor", floor), ("search q=数据", search), ("floor again", floor_again)],
        {"floor", "floor again"},
    )

    assert lines[0] == "Round 1"
    floor_line, search_line, again_line = lines[2], lines[3], lines[4]
    assert floor_line.split()[-1] == "0.75"
    assert again_line.split()[-1] == "1.25"
    assert search_line.split()[-1] == "0.25"
    assert "2/300" in search_line
    # Chinese names take two columns each: the figures still line up under the header.
    assert len(search_line) + sum(1 for c in "数据") == len(floor_line)
    assert lines[-1] == "  errors of search q=数据: HTTP 500 ×2"


def test_the_mixed_scenario_lists_each_request_then_the_total_and_its_verdict(tmp_path):
    prefix = tmp_path / "mixed"
    (tmp_path / "mixed_stats.csv").write_text(
        HEADER
        + "GET,student: search,900,0,40,45,10,200,20480,3.0,0,40,50,60,70,80,300,400,500,600,"
        "700,700\n"
        + "POST,student: apply,100,2,40,45,10,200,20480,0.3,0,40,50,60,70,80,900,950,990,999,"
        "999,999\n"
        + ",Aggregated,1000,2,40,45,10,200,20480,3.3,0,40,50,60,70,80,350,450,600,900,999,999\n"
    )
    (tmp_path / "mixed_failures.csv").write_text(
        "Method,Name,Error,Occurrences\nPOST,student: apply,HTTP 500,2\n"
    )
    rows = read_rows(prefix)
    assert [r["name"] for r in rows] == ["student: search", "student: apply", "all requests"]
    assert rows[-1]["p95"] == 350 and rows[-1]["errors"] == 2
    lines = mixed_table(rows)
    assert lines[-2].startswith("errors 0.20% (goal < 1 %), p95 350 ms (goal < 800 ms): met")
    assert "HTTP 500 ×2" in lines[-1]
    rows[-1]["p95"] = 801
    assert "NOT met" in mixed_table(rows)[-2]


def test_with_a_floor_between_pages_each_page_is_divided_by_its_neighbours(tmp_path):
    floors = [read_stats(write_run(tmp_path, rps)) for rps in (100.0, 200.0, 199.0)]
    first, second = read_stats(write_run(tmp_path, 60.0)), read_stats(write_run(tmp_path, 99.5))

    lines = table(
        2,
        [
            ("floor", floors[0]),
            ("first page", first),
            ("floor between", floors[1]),
            ("second page", second),
            ("floor again", floors[2]),
        ],
        {"floor", "floor between", "floor again"},
    )

    ratios = [line.split()[-1] for line in lines[2:]]
    # 60 / mean(100, 200); 99.5 / mean(200, 199); the floors against their mean of 166.33.
    assert ratios == ["0.60", "0.40", "1.20", "0.50", "1.20"]
