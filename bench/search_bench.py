"""Position search and applicant lists at program scale, on PostgreSQL.

Loads a year of the program (9 centers, 900 training bases, 30,000 positions, 100,000
students, 500,000 applications) with COPY, then times the pages through Django's test
client, in-process, the whole middleware stack included:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mp_bench .venv/bin/python bench/search_bench.py
    ... bench/search_bench.py --reuse          # keep the data loaded by an earlier run
    ... bench/search_bench.py --requests 500   # more samples per page

The database is emptied before loading (unless --reuse finds the data), so its name must
contain "bench". The goal is a 95th percentile under 50 ms per page.
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
# Measure as production runs: no query log kept per request, no debug pages.
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bases.models import Enterprise, Position, TrainingBase  # noqa: E402
from bases.validators import credit_code_check_char  # noqa: E402
from mentorship import rls  # noqa: E402
from mentorship.models import Membership, Role, ServiceCenter, University, User  # noqa: E402
from mentorship.scoping import system_scope  # noqa: E402
from students.models import Application, StudentProfile  # noqa: E402

SCALE = {"centers": 9, "bases": 900, "positions": 30_000, "students": 100_000, "per_student": 5}
# Hangzhou, the original center, carries about 40 % of the program.
CENTERS = [
    ("bench-hangzhou", "杭州", 0.40),
    ("bench-huangshan", "黄山", 0.075),
    ("bench-fudan", "上海", 0.075),
    ("bench-nanjing", "南京", 0.075),
    ("bench-sufe", "上海", 0.075),
    ("bench-jinhua", "金华", 0.075),
    ("bench-zjnu", "金华", 0.075),
    ("bench-shaoxing", "绍兴", 0.075),
    ("bench-ningbo", "宁波", 0.075),
]
NEARBY = {
    "杭州": ["杭州", "杭州", "杭州", "宁波", "绍兴", "嘉兴"],
    "上海": ["上海", "上海", "苏州"],
}

TITLES = [
    "数据分析实习生",
    "前端开发实习生",
    "Java 后端开发实习生",
    "算法工程师实习生",
    "产品经理实习生",
    "用户体验设计实习生",
    "市场营销实习生",
    "新媒体运营实习生",
    "财务实习生",
    "人力资源实习生",
    "供应链计划实习生",
    "物流调度实习生",
    "嵌入式软件开发实习生",
    "测试开发实习生",
    "销售助理实习生",
    "电商运营实习生",
    "客户成功实习生",
    "法务实习生",
    "酒店管理实习生",
    "旅游服务实习生",
    "Data Analyst Intern",
    "Frontend Engineer Intern",
    "Backend Developer Intern",
    "Machine Learning Intern",
    "Product Manager Intern",
    "UX Design Intern",
    "Marketing Intern",
    "Finance Intern",
    "Supply Chain Intern",
    "QA Engineer Intern",
]
DEPARTMENTS = ["技术部", "数据部", "市场部", "运营中心", "财务部", "研发中心", "Global Business"]
MAJORS = [
    "计算机科学与技术",
    "软件工程",
    "统计学",
    "电子商务",
    "市场营销",
    "自动化",
    "会计学",
    "物流管理",
    "英语",
    "视觉传达设计",
    "旅游管理",
    "金融学",
]
SKILLS = [
    "Python",
    "SQL",
    "Java",
    "React",
    "Excel",
    "Photoshop",
    "机器学习",
    "数据可视化",
    "直播",
    "短视频",
    "供应链",
    "财务报表",
    "云计算",
    "嵌入式",
    "PLC",
    "用户研究",
    "English",
    "Figma",
]
RARE = ["区块链", "量子计算", "Rust"]  # in about 1 % of positions: selective keywords
NAME_PARTS = [
    "星河",
    "云帆",
    "蓝海",
    "远景",
    "智联",
    "新程",
    "华策",
    "数智",
    "聚力",
    "光年",
    "青松",
]
NAME_EN = ["Xinghe", "Yunfan", "Lanhai", "Yuanjing", "Zhilian", "Xincheng", "Huace", "Shuzhi"]
INDUSTRIES = [("科技", "Technology"), ("数据", "Data"), ("物流", "Logistics"), ("文旅", "Tourism")]

KEYWORDS = ["数据", "java", "前端", "市场营销", "算法", "运营", "python", "设计", "财务", "物流"]
KEYWORDS += ["intern", "data analyst", "区块链", "产品经理", "机器学习", "react", "供应链", "rust"]


def say(text):
    print(text, flush=True)


# Loading


def copy_into(model, columns, rows) -> int:
    """COPY `rows` (tuples in `columns` order) into the model's table.

    Columns not given get the field's default (or NULL / empty text), so a field added to a
    model later does not break the benchmark unless it truly needs a value.
    """
    fields = model._meta.concrete_fields
    given = set(columns)
    extra_columns, extra_values = [], []
    for field in fields:
        if field.column in given:
            continue
        if field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        elif field.empty_strings_allowed:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value in the benchmark")
        extra_columns.append(field.column)
        extra_values.append(field.get_db_prep_save(value, connection))
    quoted = ", ".join(connection.ops.quote_name(c) for c in [*columns, *extra_columns])
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    extra = tuple(extra_values)
    rls.sync()  # COPY goes to psycopg directly, past the wrapper that tells it the scope
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row + extra)
            count += 1
    return count


def reset_sequences(*models):
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",
                [table],
            )


def split(total, shares):
    counts = [int(total * share) for share in shares]
    counts[0] += total - sum(counts)
    return counts


def load(rng):
    now = timezone.now()
    today = timezone.localdate()
    started = time.perf_counter()
    shares = [share for _slug, _city, share in CENTERS]

    centers = []
    for slug, city, _share in CENTERS:
        centers.append(
            ServiceCenter.objects.create(
                slug=slug,
                name_zh=f"{city}基准中心",
                name_en=f"{slug} benchmark center",
                city=city,
                host_institution="基准大学",
                status=ServiceCenter.Status.ACTIVE,
            )
        )
    universities = {
        c.pk: [
            University.objects.create(center=c, name_zh=f"{c.city}第{n}大学", name_en="")
            for n in range(1, 5)
        ]
        for c in centers
    }

    # People: 100,000 students and one representative per enterprise.
    n_students = SCALE["students"]
    n_bases = SCALE["bases"]
    user_rows = []
    for i in range(1, n_students + n_bases + 1):
        email = f"s{i}@bench.example" if i <= n_students else f"rep{i}@bench.example"
        user_rows.append((i, "!", email, f"用户{i}", now))
    copy_into(User, ["id", "password", "email", "name", "date_joined"], user_rows)
    reset_sequences(User)
    say(f"  users: {len(user_rows):,}")

    # Enterprises, bases (one per enterprise) and positions per center.
    base_counts = split(n_bases, shares)
    enterprise_rows, base_rows, rep_rows, base_center = [], [], [], []
    eid = 0
    for center, n in zip(centers, base_counts, strict=True):
        for _ in range(n):
            eid += 1
            first17 = f"913301{eid:011d}"
            zh_part, en_part = rng.choice(INDUSTRIES)
            name = rng.choice(NAME_PARTS)
            enterprise_rows.append(
                (
                    eid,
                    f"{center.city}{name}{zh_part}有限公司{eid}",
                    f"{rng.choice(NAME_EN)} {en_part} Co., Ltd. {eid}",
                    first17 + credit_code_check_char(first17),
                    zh_part,
                    Enterprise.Size.MEDIUM,
                    f"{center.city}市某区某路{eid}号",
                    "人事部",
                    "0571-88880000",
                    now,
                )
            )
            rep_rows.append((eid, eid, n_students + eid))
            base_rows.append(
                (
                    eid,
                    center.pk,
                    eid,
                    TrainingBase.Kind.INTERNSHIP,
                    TrainingBase.Status.RECOGNIZED,
                    30,
                    today - timedelta(days=200),
                    today + timedelta(days=900),
                    now,
                    now,
                )
            )
            base_center.append((eid, center))
    copy_into(
        Enterprise,
        [
            "id",
            "name_zh",
            "name_en",
            "credit_code",
            "industry",
            "size",
            "address",
            "contact_name",
            "contact_phone",
            "created_at",
        ],
        enterprise_rows,
    )
    copy_into(Enterprise.representatives.through, ["id", "enterprise_id", "user_id"], rep_rows)
    copy_into(
        TrainingBase,
        [
            "id",
            "center_id",
            "enterprise_id",
            "kind",
            "status",
            "yearly_capacity",
            "recognized_from",
            "recognized_until",
            "created_at",
            "updated_at",
        ],
        base_rows,
    )
    reset_sequences(Enterprise, Enterprise.representatives.through, TrainingBase)
    say(f"  enterprises and bases: {len(base_rows):,}")

    enterprise_names = {row[0]: (row[1], row[2]) for row in enterprise_rows}
    bases_by_center = {}
    for base_id, center in base_center:
        bases_by_center.setdefault(center.pk, []).append(base_id)
    position_rows = []
    positions_by_center = {}
    pid = 0
    for center, n in zip(centers, split(SCALE["positions"], shares), strict=True):
        cities = NEARBY.get(center.city, [center.city])
        for _ in range(n):
            pid += 1
            base_id = rng.choice(bases_by_center[center.pk])
            title = rng.choice(TITLES)
            department = rng.choice(DEPARTMENTS)
            city = rng.choice(cities)
            majors = ",".join(rng.sample(MAJORS, k=rng.choice([0, 1, 2, 3])))
            words = rng.sample(SKILLS, k=4) + ([rng.choice(RARE)] if rng.random() < 0.01 else [])
            description = (
                f"岗位职责：参与{department}的日常工作，使用 {words[0]} 与 {words[1]} 完成任务。"
                f"任职要求：熟悉 {words[2]}、{words[3]}，"
                + (f"了解 {words[4]} 者优先，" if len(words) > 4 else "")
                + "每周实习不少于4天。Responsibilities: work with your mentor on real projects "
                "and present the results at the end of the internship."
            )
            roll = rng.random()
            status = (
                Position.Status.OPEN
                if roll < 0.75
                else Position.Status.CLOSED
                if roll < 0.85
                else Position.Status.FILLED
                if roll < 0.95
                else Position.Status.DRAFT
            )
            published = now - timedelta(minutes=rng.randrange(120 * 24 * 60))
            start = today + timedelta(days=rng.randrange(20, 120))
            deadline = start - timedelta(days=rng.randrange(5, 15))
            if status != Position.Status.OPEN:
                deadline = today - timedelta(days=rng.randrange(1, 60))
                start = deadline + timedelta(days=10)
            name_zh, name_en = enterprise_names[base_id]
            search_text = " ".join(
                p for p in (title, name_zh, name_en, department, city, majors, description) if p
            ).lower()
            openings = rng.choice([1, 2, 3, 5, 10])
            position_rows.append(
                (
                    pid,
                    center.pk,
                    base_id,
                    title,
                    description,
                    department,
                    city,
                    openings,
                    rng.choice([3, 4, 5, 6]),
                    Decimal(rng.choice([2000, 2500, 3000, 3500, 4000, 5000, 6000, 8000])),
                    majors,
                    start,
                    deadline,
                    status,
                    openings if status == Position.Status.FILLED else 0,
                    search_text,
                    None if status == Position.Status.DRAFT else published,
                    now,
                    now,
                )
            )
            if status != Position.Status.DRAFT:
                positions_by_center.setdefault(center.pk, []).append(pid)
    copy_into(
        Position,
        [
            "id",
            "center_id",
            "base_id",
            "title",
            "description",
            "department",
            "city",
            "openings",
            "duration_months",
            "stipend",
            "majors",
            "start_date",
            "deadline",
            "status",
            "accepted_count",
            "search_text",
            "published_at",
            "created_at",
            "updated_at",
        ],
        position_rows,
    )
    reset_sequences(Position)
    say(f"  positions: {len(position_rows):,}")

    # Students: a membership and a complete profile each; five applications each.
    membership_rows, profile_rows, application_rows = [], [], []
    busy = {c.pk: positions_by_center[c.pk][0] for c in centers}
    uid = 0
    aid = 0
    statuses = [s for s, _ in Application.Status.choices]
    weights = [40, 15, 10, 8, 5, 4, 14, 4]
    for center, n in zip(centers, split(n_students, shares), strict=True):
        pool = positions_by_center[center.pk]
        # Popularity is skewed (Zipf-like, the most wanted ~0.5 % of picks), and one
        # position per center draws a crowd on top: every 13th student applies there.
        ranked = rng.sample(pool, len(pool))
        cum_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.5 for rank in range(len(pool))))
        for _ in range(n):
            uid += 1
            membership_rows.append((uid, center.pk, uid, Role.STUDENT, True, now))
            profile_rows.append(
                (
                    uid,
                    center.pk,
                    uid,
                    rng.choice(universities[center.pk]).pk,
                    rng.choice(MAJORS),
                    "bachelor",
                    rng.choice([2026, 2027, 2028]),
                    f"B{uid:08d}",
                    f"138{uid:08d}",
                    "private/resumes/bench.pdf",
                    "Python, SQL",
                    now,
                    now,
                )
            )
            picks = set()
            if uid % 13 == 0:
                picks.add(busy[center.pk])
            while len(picks) < SCALE["per_student"]:
                picks.add(rng.choices(ranked, cum_weights=cum_weights)[0])
            for position_id in picks:
                aid += 1
                created = now - timedelta(minutes=rng.randrange(90 * 24 * 60))
                status = rng.choices(statuses, weights)[0]
                application_rows.append(
                    (aid, center.pk, position_id, uid, status, "", created, created)
                )
    copy_into(
        Membership,
        ["id", "center_id", "user_id", "role", "is_active", "created_at"],
        membership_rows,
    )
    # The representatives' memberships follow the students'.
    rep_memberships = [
        (uid + i + 1, center.pk, n_students + eid, Role.ENTERPRISE, True, now)
        for i, (eid, center) in enumerate(base_center)
    ]
    copy_into(
        Membership,
        ["id", "center_id", "user_id", "role", "is_active", "created_at"],
        rep_memberships,
    )
    copy_into(
        StudentProfile,
        [
            "id",
            "center_id",
            "user_id",
            "university_id",
            "major",
            "degree",
            "graduation_year",
            "student_number",
            "phone",
            "resume",
            "skills",
            "created_at",
            "updated_at",
        ],
        profile_rows,
    )
    say(f"  students: {len(profile_rows):,}")
    copy_into(
        Application,
        [
            "id",
            "center_id",
            "position_id",
            "student_id",
            "status",
            "cover_letter",
            "created_at",
            "updated_at",
        ],
        application_rows,
    )
    reset_sequences(Membership, StudentProfile, Application)
    say(f"  applications: {len(application_rows):,}")
    with connection.cursor() as cursor:
        # What autovacuum does in a running system: statistics and the visibility map
        # (index-only scans) are up to date.
        cursor.execute("VACUUM ANALYZE")
    say(f"Loaded in {time.perf_counter() - started:.0f} s.")


def loaded() -> bool:
    with system_scope():
        return (
            ServiceCenter.objects.filter(slug="bench-hangzhou").exists()
            and Application.objects.count() >= SCALE["students"] * SCALE["per_student"]
        )


# Measuring


def measure(client, requests, label, make_url, n):
    for i in range(20):  # warm caches and connections; not counted
        client.get(make_url(i))
    times = []
    for i in range(n):
        url = make_url(i)
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(make_url(0))
    times.sort()
    requests.append(
        (
            label,
            len(times),
            statistics.median(times),
            times[int(len(times) * 0.95) - 1],
            times[-1],
            len(ctx.captured_queries),
        )
    )


def run(n):
    with system_scope():
        center = ServiceCenter.objects.get(slug="bench-hangzhou")
        student = StudentProfile.objects.filter(center=center).select_related("user").first().user
        busy = (
            Application.objects.filter(center=center)
            .values("position")
            .annotate(n=django.db.models.Count("pk"))
            .order_by("-n")
            .first()
        )
        position = Position.objects.select_related("base__enterprise").get(pk=busy["position"])
        rep = position.base.enterprise.representatives.get()
    slug = center.slug
    search = reverse("center:students:position_search", kwargs={"center_slug": slug})
    applicants = reverse(
        "center:students:position_applicants", kwargs={"center_slug": slug, "pk": position.pk}
    )
    sorts = ["newest", "stipend", "deadline"]
    # A host the settings allow; no setup_test_environment(), whose template
    # instrumentation would slow every page down and skew the figures.
    student_client, rep_client = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    student_client.force_login(student)
    rep_client.force_login(rep)

    results = []
    measure(
        student_client,
        results,
        "search, no keyword",
        lambda i: f"{search}?sort={sorts[i % 3]}&page={1 + i % 3}",
        n,
    )
    measure(
        student_client,
        results,
        "search, keyword",
        lambda i: f"{search}?q={KEYWORDS[i % len(KEYWORDS)]}&sort={sorts[i % 3]}",
        n,
    )
    measure(
        student_client,
        results,
        "search, keyword + filters",
        lambda i: (
            f"{search}?q={KEYWORDS[i % len(KEYWORDS)]}&city=杭州&min_stipend=3000"
            f"&duration={3 + i % 4}"
        ),
        n,
    )
    states = ["", "submitted", "shortlisted", "interview"]
    measure(
        rep_client,
        results,
        f"applicants ({busy['n']:,} on one position)",
        lambda i: f"{applicants}?status={states[i % 4]}&page={1 + i % 2}",
        n,
    )

    say("")
    say(f"{'page':40} {'requests':>8} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for label, count, median, p95, worst, queries in results:
        say(f"{label:40} {count:>8} {median:>10.1f} {p95:>8.1f} {worst:>8.1f} {queries:>8}")
    worst_p95 = max(row[3] for row in results)
    say("")
    say(
        f"Goal p95 < 50 ms: {'met' if worst_p95 < 50 else 'NOT met'} (worst p95 {worst_p95:.1f} ms)"
    )
    explain(center)


def explain(center):
    """The plan of a selective keyword search, to show which index serves it."""
    with system_scope():
        from students.selectors import search_positions

        qs = search_positions(center=center, q="区块链")[:21]
        plan = qs.explain(analyze=True)
    say("")
    say("Plan of a selective keyword search (q=区块链):")
    for line in plan.splitlines():
        say(f"  {line}")


def ensure_database():
    """Create the benchmark database on first use (Django only creates test databases)."""
    import psycopg

    params = {k: v for k, v in connection.get_connection_params().items() if k != "pool"}
    name = connection.settings_dict["NAME"]
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
            say(f"Created database {name}.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep data loaded earlier")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (its name containing 'bench').")
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("The benchmark empties its database: use one whose name contains 'bench'.")
    ensure_database()
    call_command("migrate", verbosity=0)
    if args.reuse and loaded():
        say("Reusing the data already loaded.")
    else:
        say("Emptying the benchmark database and loading program-scale data…")
        call_command("flush", interactive=False, verbosity=0)
        with system_scope():
            load(random.Random(2026))
    run(args.requests)


if __name__ == "__main__":
    main()
