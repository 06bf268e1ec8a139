"""The batch match at the size of a big cohort, in memory: 2,000 waiting students and 300
mentors of one center, a third of the students with mentors listed in a request.

    uv run --frozen python bench/batch_match_bench.py [students] [mentors]

Prints the time to score every pair and to solve the assignment, the students paired, the
total score, and the peak memory (tracemalloc's peak of Python allocations, and the
process's maximum resident set size).
"""

import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")

import django

django.setup()

from mentors import matching  # noqa: E402

MAJORS = [
    "计算机科学与技术",
    "软件工程",
    "统计学",
    "市场营销",
    "电子商务",
    "金融学",
    "会计学",
    "旅游管理",
    "英语",
    "自动化",
    "工商管理",
    "数字媒体技术",
]
TAGS = ["数据分析", "Python", "Java", "创业", "融资", "招聘", "简历", "面试", "金融", "产品设计"]
WEIGHTS = {"major": 4, "tags": 3, "language": 1, "capacity": 1, "feedback": 1}


def world(n_students: int, n_mentors: int, seed: int = 2026):
    rng = random.Random(seed)
    mentors = []
    for n in range(n_mentors):
        capacity = rng.randint(2, 10)
        mentors.append(
            matching.Mentor(
                id=n + 1,
                majors=tuple(rng.sample(MAJORS, rng.randint(1, 3))),
                tags=tuple(rng.sample(TAGS, rng.randint(1, 4))),
                languages=("zh", "en") if rng.random() < 0.4 else ("zh",),
                capacity=capacity,
                active=rng.randint(0, capacity // 2),
                rating=rng.uniform(2.5, 5) if rng.random() < 0.7 else None,
            )
        )
    students = [
        matching.Student(
            id=n + 1,
            major=rng.choice(MAJORS),
            interests=tuple(rng.sample(TAGS, rng.randint(0, 4))),
            language="en" if rng.random() < 0.1 else "zh",
            preferred=(
                frozenset(rng.sample(range(1, n_mentors + 1), rng.randint(1, 3)))
                if rng.random() < 0.33
                else None
            ),
        )
        for n in range(n_students)
    ]
    return students, mentors


def main():
    n_students = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    n_mentors = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    students, mentors = world(n_students, n_mentors)
    places = sum(m.free for m in mentors)
    started = time.perf_counter()
    matching.score_matrix(students, mentors, WEIGHTS)
    scored = time.perf_counter()
    result = matching.solve(students, mentors, WEIGHTS)
    solved = time.perf_counter()
    # Memory in a second run: tracing every allocation slows Python down several times.
    tracemalloc.start()
    matching.solve(students, mentors, WEIGHTS)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    for mentor in mentors:
        assert sum(1 for m in result.assigned.values() if m == mentor.id) <= mentor.free
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"students {n_students}, mentors {n_mentors}, free places {places}")
    print(f"scoring every pair: {scored - started:.2f} s")
    print(f"whole batch match (scoring and solving): {solved - scored:.2f} s")
    print(f"paired {len(result.assigned)}, unmatched {len(result.unmatched)}")
    mean = result.total / 10 / max(len(result.assigned), 1)
    print(f"total score {result.total / 10:.1f}, mean {mean:.1f}")
    print(f"peak traced memory {peak / 1024 / 1024:.1f} MiB, max RSS {rss:.1f} MiB")


if __name__ == "__main__":
    main()
