"""Load the demo world: the seed article's nine service centers, universities, enterprises
and one account per role. Safe to run again: it updates what exists."""

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation

from bases.models import Enterprise
from bases.validators import credit_code_check_char
from mentorship.models import (
    CenterApplication,
    Membership,
    Role,
    ServiceCenter,
    University,
    User,
)
from mentorship.scoping import system_scope
from mentorship.services.centers import center_apply

DEMO_PASSWORD = "demo-pass-2026"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"

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

# name (zh), name (en), first 17 characters of a made-up credit code, industry, address
ENTERPRISES = [
    (
        "阿里巴巴（中国）有限公司",
        "Alibaba (China) Co., Ltd.",
        "91330100MA27XL1A1",
        "互联网",
        "杭州市余杭区文一西路969号",
    ),
    (
        "浙江中控技术股份有限公司",
        "SUPCON Technology Co., Ltd.",
        "91330100MA27XL1A2",
        "工业自动化",
        "杭州市滨江区六和路309号",
    ),
    (
        "杭州海康威视数字技术股份有限公司",
        "Hangzhou Hikvision Digital Technology Co., Ltd.",
        "91330100MA27XL1A3",
        "安防与物联网",
        "杭州市滨江区阡陌路555号",
    ),
    (
        "网易（杭州）网络有限公司",
        "NetEase (Hangzhou) Network Co., Ltd.",
        "91330100MA27XL1A4",
        "互联网",
        "杭州市滨江区网商路599号",
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


class Command(BaseCommand):
    help = "Create or refresh the demo service centers, enterprises and accounts."

    def handle(self, *args, **options):
        # The demo's workflows notify demo people at example addresses: keep those emails
        # in memory instead of printing dozens of them over the account list.
        with override_settings(MAILERS={"default": {"BACKEND": LOCMEM}}):
            self._seed()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Accounts (password {DEMO_PASSWORD}):")
        )
        for email, _name, program_staff, memberships in ACCOUNTS:
            with translation.override("en"):
                roles = ", ".join(f"{role.label} @ {slug}" for slug, role in memberships)
            self.stdout.write(f"  {email:38} {'program staff' if program_staff else roles}")

    @transaction.atomic
    def _seed(self):
        from bases.demo import seed_bases
        from events.demo import seed_events
        from students.demo import seed_students
        from subsidies.demo import seed_subsidies

        # Every date of the demo is derived from this one day.
        today = timezone.localdate()
        with system_scope():
            centers = self._centers()
            self._enterprises()
            self._accounts(centers)
            seed_bases(self.stdout, today)
            seed_students(self.stdout, today)
            seed_subsidies(self.stdout, today)
            seed_events(self.stdout, today)
            self._center_application()

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

    def _enterprises(self):
        for zh, en, code17, industry, address in ENTERPRISES:
            Enterprise.objects.update_or_create(
                credit_code=code17 + credit_code_check_char(code17),
                defaults={
                    "name_zh": zh,
                    "name_en": en,
                    "industry": industry,
                    "size": Enterprise.Size.LARGE,
                    "address": address,
                    "contact_name": "人力资源部",
                    "contact_phone": "0571-88888888",
                },
            )

    def _accounts(self, centers):
        for email, name, program_staff, memberships in ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD)
            user.name = name
            user.is_program_staff = program_staff
            user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            for slug, role in memberships:
                Membership.objects.update_or_create(
                    center=centers[slug], user=user, role=role, defaults={"is_active": True}
                )
        alibaba = Enterprise.objects.get(name_en__startswith="Alibaba")
        alibaba.representatives.add(User.objects.get(email="hr.alibaba@demo.example"))

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
