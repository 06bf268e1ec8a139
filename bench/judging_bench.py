"""Judging at program scale: the 412 projects of a year, three reviews each, 60 judges and
their conflicts (declared, and found from the judges' organizations), through the services
on PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_judging_bench \\
        .venv/bin/python bench/judging_bench.py [--projects 412] [--judges 60]

The database's name must contain "bench": the run creates it afresh (migrated), fills it and
drops it at the end. Prints the time, the queries and the peak Python memory of assigning the
judges, of the judges' scores, and of ranking the round, and checks the assignment's bounds.
"""

import argparse
import os
import sys
import time
import tracemalloc
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.pop("REDIS_URL", None)  # tasks run eagerly, nothing is queued

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from mentors import services as mentor_services  # noqa: E402
from mentors.models import MentorApproval  # noqa: E402
from mentorship.models import Membership, Role, ServiceCenter, User  # noqa: E402
from mentorship.scoping import center_scope, system_scope  # noqa: E402
from projects import selectors, services  # noqa: E402
from projects.assignment import assign  # noqa: E402
from projects.models import Assignment, Conflict, Entry  # noqa: E402

CATEGORIES = ["technology", "culture_tourism", "social_good", "ecommerce"]
UNIVERSITIES = ["浙江大学", "浙江工业大学", "杭州电子科技大学", "浙江理工大学", "中国美术学院"]


@contextmanager
def measured(label: str, results: dict):
    """Time and queries of the block (memory is traced apart: tracing slows Python down)."""
    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
    results[label] = [elapsed, count[0], None]


def peak_memory(label: str, results: dict, work) -> None:
    """The peak Python memory of running `work` again (it only reads)."""
    tracemalloc.start()
    work()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    results[label][2] = peak / 1024 / 1024


def person(n: int, kind: str) -> User:
    return User.objects.create_user(
        email=f"{kind}{n:04d}@bench.example", password=None, name=f"{kind} {n}"
    )


def build(center, n_projects: int, n_judges: int):
    """Coordinator, judges (approved mentors who judge), a published call of one round, and
    `n_projects` submitted projects, through the services."""
    coordinator = person(0, "coordinator")
    Membership.objects.create(center=center, user=coordinator, role=Role.COORDINATOR)
    judges = []
    for n in range(n_judges):
        judge = person(n, "judge")
        Membership.objects.create(center=center, user=judge, role=Role.MENTOR)
        mentor_services.mentor_profile_save(
            center=center,
            actor=judge,
            kind="mentor",
            title="投资经理",
            # One judge in six works at a university some teams' advisors come from.
            organization=UNIVERSITIES[n % 5] if n % 6 == 0 else f"杭州创投{n}",
            industry_tags="创业",
            expertise_tags="路演",
            majors="",
            languages="zh",
            bio="",
            offers_pairing=False,
            offers_talks=False,
            offers_consultations=False,
            offers_judging=True,
            capacity=1,
            accepting=False,
            phone="",
            contact_email="",
        )
        approval = MentorApproval.objects.get(center=center, profile__user=judge)
        mentor_services.mentor_approval_decide(
            center=center, actor=coordinator, approval=approval, approve=True
        )
        judges.append(judge)
    call = services.call_save(
        center=center,
        actor=coordinator,
        title="“你有好点子吗”大学生创业项目征集（基准）",
        description="基准数据。",
        categories=CATEGORIES,
        team_min=1,
        team_max=5,
    )
    found = services.round_add(
        center=center,
        actor=coordinator,
        call=call,
        name="初赛网评",
        deadline=timezone.now() + timedelta(days=10),
        advance_count=60,
        reviews_per_submission=3,
        blind=True,
        others_scores="after_own",
    )
    for name, weight in [("创新性", 30), ("市场前景", 30), ("团队能力", 20), ("可行性", 20)]:
        services.criterion_add(
            center=center, actor=coordinator, round=found, name=name, weight=weight
        )
    call = services.call_publish(center=center, actor=coordinator, call=call)
    projects = []
    for n in range(n_projects):
        student = person(n, "student")
        Membership.objects.create(center=center, user=student, role=Role.STUDENT)
        project = services.project_create(
            center=center,
            actor=student,
            call=call,
            title=f"创业项目 {n}",
            summary="基准项目。",
            category=CATEGORIES[n % 4],
            stage="idea",
            problem="问题。",
            solution="方案。",
            market="市场。",
            video_url="",
            advisor_name="林老师" if n % 4 == 0 else "",
            advisor_university=UNIVERSITIES[n % 5] if n % 4 == 0 else "",
            publish_consent=False,
        )
        projects.append(services.project_submit(center=center, actor=student, project=project))
    # Some judges know some teams: 40 declared conflicts.
    for n in range(40):
        services.conflict_declare(
            center=center,
            actor=judges[(n * 7) % n_judges],
            project=projects[(n * 37) % n_projects],
            kind=Conflict.Kind.INVESTOR,
            note="",
        )
    return coordinator, judges, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=412)
    parser.add_argument("--judges", type=int, default=60)
    args = parser.parse_args()
    name = settings.DATABASES["default"]["NAME"]
    if "bench" not in name:
        sys.exit(f"The database {name!r} is not a bench database (its name has no 'bench').")
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.DEBUG = False
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"database {test_name}: created and migrated")
    results: dict = {}
    try:
        with system_scope():
            center = ServiceCenter.objects.create(
                slug="bench-judging",
                name_zh="基准中心",
                name_en="Bench center",
                city="杭州",
                host_institution="基准大学",
                status=ServiceCenter.Status.ACTIVE,
            )
        with center_scope(center):
            start = time.perf_counter()
            coordinator, judges, found = build(center, args.projects, args.judges)
            print(
                f"built {args.projects} submitted projects, {args.judges} judges in "
                f"{time.perf_counter() - start:.1f} s"
            )
            entries = list(
                Entry.objects.filter(round=found, decision="pending").select_related("project")
            )
            profiles = {p.user_id: p for p in selectors.judges_of(center=center)}
            with measured("assign", results):
                made = services.judges_assign(center=center, actor=coordinator, round=found)
            blocked = selectors.blocked_pairs(center=center, entries=entries, profiles=profiles)
            peak_memory(
                "assign",
                results,
                lambda: assign(
                    [e.pk for e in entries], list(profiles), k=3, blocked=blocked, existing=set()
                ),
            )
            with measured("assign again (nothing to add)", results):
                again = services.judges_assign(center=center, actor=coordinator, round=found)
            criteria = list(found.criteria.all())
            by_pk = {j.pk: j for j in judges}
            with measured("score (every assignment)", results):
                for n, assignment in enumerate(made):
                    services.scores_submit(
                        center=center,
                        actor=by_pk[assignment.judge_id],
                        assignment=assignment,
                        values={c.pk: (1 + (n * 7 + c.pk) % 10, "") for c in criteria},
                    )
            with measured("rank", results):
                standings = selectors.standings_of(found)
            peak_memory("rank", results, lambda: selectors.standings_of(found))
            entry = Entry.objects.filter(round=found).order_by("pk").first()
            with measured("rank of one entry (a decision's check)", results):
                selectors.rank_of(center=center, entry=entry)
            pairs = list(
                Assignment.objects.filter(entry__round=found).values_list("entry_id", "judge_id")
            )
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
    per_entry = Counter(e for e, _j in pairs)
    loads = Counter(j for _e, j in pairs)
    print(
        f"assignments {len(made)} (then {len(again)} more); every entry has "
        f"{sorted(set(per_entry.values()))} judges; loads {min(loads.values())}–"
        f"{max(loads.values())} per judge; blocked pairs {len(blocked)}, assigned among them "
        f"{len(blocked & set(pairs))}; duplicates {len(pairs) - len(set(pairs))}; "
        f"ranked {len(standings)}"
    )
    for label, (elapsed, queries, peak) in results.items():
        memory = f"  peak {peak:6.1f} MB" if peak is not None else ""
        print(f"{label:40} {elapsed:8.2f} s  {queries:6} queries{memory}")


if __name__ == "__main__":
    main()
