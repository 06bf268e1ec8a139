"""Load the demo world: the seed article's nine service centers, universities and one
account per role, then each app's part of the demo (registered in `mentorship.demo`).

The centers, their universities and the accounts are reference data with no workflow of
their own, so they are written directly; everything else, memberships included, goes
through the services at its moment of the demo's past, all derived from one "today".
Safe to run again: what exists is left as it is.

`--scale program` then loads a year of the whole program in bulk into the same centers,
dated from the same today (`mentorship.bulk`, each app's `demo_scale.py`); `--factor` takes a
share of it. Once that year is loaded, the command adds nothing more.
"""

import logging
import time
from contextlib import contextmanager

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation

from mentorship.bulk import ScaleWorld, load_scale
from mentorship.celery import app as celery_app
from mentorship.demo import at, days_before, demo_loaders, demo_member
from mentorship.figures import seed_figures
from mentorship.models import (
    CenterApplication,
    Role,
    ServiceCenter,
    University,
    User,
)
from mentorship.scoping import system_scope
from mentorship.services.centers import center_apply

DEMO_PASSWORD = "demo-pass-2026"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
# Days before today when the demo's centers open and its accounts join.
FIRST_DAY = 540
JOIN_ORDER = {Role.COORDINATOR: 0, Role.BUREAU: 1}

A = ServiceCenter.Status.ACTIVE
L = ServiceCenter.Status.LICENSED

# slug, Chinese name, English name, city (zh, en), host institution (zh, en), status,
# universities (zh, en)
CENTERS = [
    (
        "hangzhou",
        "杭州导师制服务中心",
        "Hangzhou Mentorship Service Center",
        ("杭州", "Hangzhou"),
        ("杭州市就业服务中心", "Hangzhou Employment Service Center"),
        A,
        [
            ("浙江财经大学", "Zhejiang University of Finance and Economics"),
            ("浙江大学", "Zhejiang University"),
            ("杭州电子科技大学", "Hangzhou Dianzi University"),
            ("浙江工业大学", "Zhejiang University of Technology"),
        ],
    ),
    (
        "huangshan",
        "黄山学院导师制服务中心",
        "Huangshan University Service Center",
        ("黄山", "Huangshan"),
        ("黄山学院", "Huangshan University"),
        A,
        [("黄山学院", "Huangshan University")],
    ),
    (
        "fudan",
        "复旦大学导师制服务中心",
        "Fudan University Service Center",
        ("上海", "Shanghai"),
        ("复旦大学", "Fudan University"),
        L,
        [("复旦大学", "Fudan University")],
    ),
    (
        "nanjing",
        "南京大学导师制服务中心",
        "Nanjing University Service Center",
        ("南京", "Nanjing"),
        ("南京大学", "Nanjing University"),
        L,
        [("南京大学", "Nanjing University")],
    ),
    (
        "sufe",
        "上海财经大学导师制服务中心",
        "Shanghai University of Finance and Economics Service Center",
        ("上海", "Shanghai"),
        ("上海财经大学", "Shanghai University of Finance and Economics"),
        L,
        [("上海财经大学", "Shanghai University of Finance and Economics")],
    ),
    (
        "jinhua",
        "金华职业技术学院导师制服务中心",
        "Jinhua Vocational and Technical College Service Center",
        ("金华", "Jinhua"),
        ("金华职业技术学院", "Jinhua Vocational and Technical College"),
        A,
        [("金华职业技术学院", "Jinhua Vocational and Technical College")],
    ),
    (
        "zjnu",
        "浙江师范大学导师制服务中心",
        "Zhejiang Normal University Service Center",
        ("金华", "Jinhua"),
        ("浙江师范大学", "Zhejiang Normal University"),
        A,
        [("浙江师范大学", "Zhejiang Normal University")],
    ),
    (
        "shaoxing",
        "绍兴职业技术学院导师制服务中心",
        "Shaoxing Vocational and Technical College Service Center",
        ("绍兴", "Shaoxing"),
        ("绍兴职业技术学院", "Shaoxing Vocational and Technical College"),
        A,
        [("绍兴职业技术学院", "Shaoxing Vocational and Technical College")],
    ),
    (
        "ningbo",
        "宁波大学导师制服务中心",
        "Ningbo University Service Center",
        ("宁波", "Ningbo"),
        ("宁波大学", "Ningbo University"),
        A,
        [("宁波大学", "Ningbo University")],
    ),
]

# email, name, program staff?, memberships [(center slug, role)]
ACCOUNTS = [
    ("program@demo.example", "王敏", True, []),
    ("bureau.hangzhou@demo.example", "陈立", False, [("hangzhou", Role.BUREAU)]),
    ("bureau2.hangzhou@demo.example", "周岚", False, [("hangzhou", Role.BUREAU)]),
    ("coordinator.hangzhou@demo.example", "李静", False, [("hangzhou", Role.COORDINATOR)]),
    ("coordinator.huangshan@demo.example", "汪涛", False, [("huangshan", Role.COORDINATOR)]),
    ("hr.alibaba@demo.example", "张悦", False, [("hangzhou", Role.ENTERPRISE)]),
    (
        "mentor.hangzhou@demo.example",
        "刘强",
        False,
        [("hangzhou", Role.MENTOR), ("huangshan", Role.MENTOR)],
    ),
    ("student.hangzhou@demo.example", "赵晨", False, [("hangzhou", Role.STUDENT)]),
    ("student.huangshan@demo.example", "程雪", False, [("huangshan", Role.STUDENT)]),
]


@contextmanager
def _tasks_in_process():
    """Tasks run here, as without a broker, and quietly: hundreds of them log nothing."""
    conf, trace = celery_app.conf, logging.getLogger("celery.app.trace")
    eager, level = conf.task_always_eager, trace.level
    conf.task_always_eager = True
    trace.setLevel(logging.WARNING)
    try:
        yield
    finally:
        conf.task_always_eager = eager
        trace.setLevel(level)


SCALE_DOMAIN = "scale.demo.example"


class Command(BaseCommand):
    help = "Load the demo: centers, accounts, and each app's workflows dated from today."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["program"],
            help="also load a year of the whole program in bulk (about 900 bases, 30,000"
            " positions, 100,000 students, 500,000 applications), dated from the same today",
        )
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="with --scale: the share of the program's year to load (0.001 for a tiny one)",
        )

    def handle(self, *args, **options):
        with system_scope():
            scaled = User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").exists()
        if scaled:
            # The demo's parts would meet the year's bulk rows in their centers.
            self.stdout.write(
                "The program-scale year is loaded: nothing added. For a new demo, start "
                "from an empty database."
            )
            return
        loaded_before = ServiceCenter.objects.filter(slug=CENTERS[0][0]).exists()
        # The demo's workflows notify demo people at example addresses: keep those emails
        # in memory instead of printing dozens of them over the account list, and send
        # them here even when a broker is configured, where a worker would use SMTP.
        with override_settings(MAILERS={"default": {"BACKEND": LOCMEM}}), _tasks_in_process():
            self._seed()
        if options["scale"]:
            self._scale(options["factor"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Accounts (password {DEMO_PASSWORD}):")
        )
        for email, _name, program_staff, memberships in ACCOUNTS:
            with translation.override("en"):
                roles = ", ".join(f"{role.label} @ {slug}" for slug, role in memberships)
            self.stdout.write(f"  {email:38} {'program staff' if program_staff else roles}")
        if loaded_before:
            self.stdout.write(
                "The demo was loaded before: its workflows keep the dates of that day. For a "
                "demo dated from today, start from an empty database (rm db.sqlite3)."
            )

    @transaction.atomic
    def _seed(self):
        # Every date of the demo is derived from this one day.
        today = timezone.localdate()
        with system_scope():
            # The program's first day in the demo: before every base's application.
            with at(days_before(today, FIRST_DAY, 9)):
                centers = self._centers()
                self._accounts(centers)
            for load in demo_loaders():
                load(self.stdout, today)
            with at(days_before(today, 3, 11)):
                self._center_application()

    @transaction.atomic
    def _scale(self, factor: float):
        """A year of the program in bulk into the demo's centers (`mentorship.bulk`), then
        the figures counted again; once: a second run finds it and adds nothing."""
        started = time.perf_counter()
        with system_scope():
            centers = list(ServiceCenter.objects.filter(slug__in=[c[0] for c in CENTERS]))
            centers.sort(key=lambda center: [c[0] for c in CENTERS].index(center.slug))
            self.stdout.write(f"Loading a year of the program in bulk (factor {factor:g})…")
            world = ScaleWorld(
                centers=centers,
                today=timezone.localdate(),
                factor=factor,
                domain=SCALE_DOMAIN,
                stdout=self.stdout,
            )
            load_scale(world)
            seed_figures()
        self.stdout.write(f"Program-scale year loaded in {time.perf_counter() - started:.0f} s.")

    def _centers(self):
        centers = {}
        for slug, zh, en, (city, city_en), (host, host_en), status, universities in CENTERS:
            center, _ = ServiceCenter.objects.update_or_create(
                slug=slug,
                defaults={
                    "name_zh": zh,
                    "name_en": en,
                    "city": city,
                    "city_en": city_en,
                    "host_institution": host,
                    "host_institution_en": host_en,
                    "status": status,
                    "contact_email": f"{slug}@demo.example",
                    "license_number": f"MP-2024-{len(centers) + 1:04d}",
                },
            )
            for uzh, uen in universities:
                University.objects.update_or_create(
                    center=center, name_zh=uzh, defaults={"name_en": uen}
                )
            centers[slug] = center
        return centers

    def _accounts(self, centers):
        # One hash for all: each takes most of a second, and they are the same password.
        password = make_password(DEMO_PASSWORD)
        people = {}
        for email, name, program_staff, _memberships in ACCOUNTS:
            user = User.objects.filter(email=email).first() or User(email=email)
            user.name = name
            user.is_program_staff = program_staff
            user.password = password
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            people[email] = user
        joins = [
            (slug, role, email)
            for email, _name, _staff, memberships in ACCOUNTS
            for slug, role in memberships
        ]
        # Coordinators first: bureau staff join by a coordinator's invitation.
        joins.sort(key=lambda join: JOIN_ORDER.get(join[1], len(JOIN_ORDER)))
        for slug, role, email in joins:
            demo_member(centers[slug], people[email], role)

    def _center_application(self):
        """A university's application waiting for program staff to license it."""
        institution = "浙江工商大学"
        if CenterApplication.objects.filter(institution=institution).exists():
            return
        center_apply(
            applicant=None,
            institution=institution,
            city="杭州",
            contact_name="孙立群",
            contact_email="career@zjgsu.demo.example",
            contact_phone="0571-28008000",
            coordinator_name="钱晓燕",
            coordinator_email="coordinator.zjgsu@demo.example",
            plan=(
                "学校每年约有8000名毕业生，计划依托下沙校区就业指导中心设立服务中心，"
                "首年组织30家企业认定为实习基地，开展12场导师讲座和2场校园招聘会。"
            ),
        )
