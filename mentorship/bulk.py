"""Program-scale data in bulk: the kit of `seed_demo --scale program` and the benchmarks.

A year of the program is hundreds of thousands of rows; going through the services one
click at a time would take hours. Each app registers its part with `register_scale` from
its `demo_scale.py` (found at start-up, as the demo's parts are): a loader
`(world: ScaleWorld) -> None` that writes only its own app's rows with `copy_into`, reading
what the parts below it made from `world.made`. Every date derives from `world.today`.

On PostgreSQL the rows go in by COPY (as the database's superuser, which row-level security
does not bind, as `seed_demo` and the benchmarks run); elsewhere by bulk inserts.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import JSONField, Max

from mentorship import rls
from mentorship.demo import moment
from mentorship.models import Membership, Role, User

# loader `(world)` -> its order: after the parts of the apps it builds on
SCALE_PARTS: dict = {}

# A year of the program as the seed article counts it, before the factor.
PROGRAM = {
    "bases": 900,
    "positions": 30_000,
    "students": 100_000,
    "applications_per_student": 5,
    "fairs": 113,
    "lectures": 533,
    "face_to_face": 570,
    "projects": 400,
    "mentors": 600,
}
# Hangzhou, the original center, carries about 40 % of the program; the others share the rest.
FIRST_CENTER_SHARE = 0.40


def register_scale(loader, *, order: int) -> None:
    SCALE_PARTS[loader] = order


def scale_loaders() -> list:
    return sorted(SCALE_PARTS, key=lambda loader: (SCALE_PARTS[loader], loader.__module__))


def shares(count: int) -> list[float]:
    """The share of each of `count` centers: the first 40 %, the others alike."""
    if count == 1:
        return [1.0]
    rest = (1 - FIRST_CENTER_SHARE) / (count - 1)
    return [FIRST_CENTER_SHARE] + [rest] * (count - 1)


def split(total: int, parts: list[float]) -> list[int]:
    counts = [int(total * share) for share in parts]
    counts[0] += total - sum(counts)
    return counts


@dataclass
class ScaleWorld:
    """What the parts share: the centers and their shares, the day, the factor, a seeded
    random source, and what each part made for the parts above it (`made`)."""

    centers: list
    today: date
    factor: float = 1.0
    seed: int = 2026
    # Addresses of the people made: `<kind><n>@<domain>`.
    domain: str = "scale.demo.example"
    stdout: object = None
    made: dict = field(default_factory=dict)
    rng: random.Random = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.now = moment(self.today, 12)

    @property
    def shares(self) -> list[float]:
        return shares(len(self.centers))

    def count(self, name: str, *, least: int = 1) -> int:
        """The program's yearly count of `name`, times the factor."""
        return max(least, round(PROGRAM[name] * self.factor))

    def per_center(self, name: str, *, least: int = 1) -> list[tuple[object, int]]:
        """Each center with its share of `name` (at least `least` each)."""
        counts = split(self.count(name, least=least * len(self.centers)), self.shares)
        return [(c, max(least, n)) for c, n in zip(self.centers, counts, strict=True)]

    def day_in_year(self, *, after: date | None = None, early: float = 1.0) -> date:
        """A day of the year before today (after `after` when given); `early` above 1 draws
        the earlier days more often."""
        first = self.today - timedelta(days=364)
        if after is not None and after > first:
            first = after
        span = max(0, (self.today - first).days)
        return first + timedelta(days=int(span * self.rng.random() ** early))

    def moment(self, day: date, hour: int = 10, minute: int = 0):
        return moment(day, hour, minute)

    def email(self, kind: str, n: int) -> str:
        return f"{kind}{n}@{self.domain}"

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)


def next_id(model) -> int:
    """The first id after the model's rows (call inside system_scope())."""
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def copy_into(model, columns, rows) -> int:
    """Write `rows` (tuples in `columns` order, ids included) into the model's table.

    Columns not given get the field's default (or NULL / empty text), so a field added to a
    model later does not break the loaders unless it truly needs a value.
    """
    fields = model._meta.concrete_fields
    given = set(columns)
    extra_columns, extra_values = [], []
    for each in fields:
        if each.column in given:
            continue
        if each.has_default():
            value = each.get_default()
        elif each.null:
            value = None
        elif each.empty_strings_allowed:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{each.name} needs a value in bulk")
        extra_columns.append(each.column)
        extra_values.append(value)
    if connection.vendor != "postgresql":
        return _insert(model, [*columns, *extra_columns], rows, tuple(extra_values))
    by_column = {f.column: f for f in fields}
    extra = tuple(
        by_column[column].get_db_prep_save(value, connection)
        for column, value in zip(extra_columns, extra_values, strict=True)
    )
    # JSON values are adapted by their field; every other value goes as it is.
    json = [
        (i, by_column[column])
        for i, column in enumerate(columns)
        if isinstance(by_column[column], JSONField)
    ]
    quoted = ", ".join(connection.ops.quote_name(c) for c in [*columns, *extra_columns])
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    rls.sync()  # COPY goes to psycopg directly, past the wrapper that tells it the scope
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy,
    ):
        for row in rows:
            if json:
                row = list(row)
                for i, each in json:
                    row[i] = each.get_db_prep_save(row[i], connection)
                row = tuple(row)
            copy.write_row(row + extra)
            count += 1
    return count


def _insert(model, columns, rows, extra) -> int:
    fields = model._meta.concrete_fields
    attnames = {f.column: f.attname for f in fields}
    names = [attnames[column] for column in columns]
    objects = [model(**dict(zip(names, row + extra, strict=True))) for row in rows]
    # The moments given are kept, as COPY keeps them: no field stamps the clock's.
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f.auto_now, f.auto_now_add) for f in stamped]
    for each in stamped:
        each.auto_now = each.auto_now_add = False
    try:
        model.objects.bulk_create(objects, batch_size=500)
    finally:
        for each, (now, add) in zip(stamped, saved, strict=True):
            each.auto_now, each.auto_now_add = now, add
    return len(objects)


def reset_sequences(*models) -> None:
    """Move each table's id sequence past the ids written."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",
                [table],
            )


def load_scale(world: ScaleWorld, *, parts=None) -> None:
    """Run every registered part (or only `parts`) in order (inside system_scope())."""
    for load in scale_loaders():
        if parts is None or load in parts:
            load(world)


def scale_people(world: ScaleWorld) -> None:
    """The people of the year, unable to sign in, each a member of one center: students,
    one representative per base to come, and mentors (`world.made["people"][role]`, per
    center, in the order made)."""
    first_user = next_id(User)
    first_member = next_id(Membership)
    plan = [
        (Role.STUDENT, "student", world.per_center("students")),
        (Role.ENTERPRISE, "rep", world.per_center("bases")),
        (Role.MENTOR, "mentor", world.per_center("mentors")),
    ]
    users, members, people = [], [], {}
    for role, kind, counts in plan:
        for center, n in counts:
            for _ in range(n):
                uid = first_user + len(users)
                joined = world.now - timedelta(days=world.rng.randint(365, 540))
                users.append((uid, "!", world.email(kind, uid), f"{kind}{uid}", joined))
                members.append((first_member + len(members), center.pk, uid, role, True, joined))
                people.setdefault(role, {}).setdefault(center.pk, []).append(uid)
    copy_into(User, ["id", "password", "email", "name", "date_joined"], users)
    copy_into(
        Membership, ["id", "center_id", "user_id", "role", "is_active", "created_at"], members
    )
    reset_sequences(User, Membership)
    world.made["people"] = people
    world.say(f"  people: {len(users):,}")


register_scale(scale_people, order=0)
