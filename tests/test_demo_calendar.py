"""The demo on any day of the year: every state it shows exists whatever the calendar says.

The whole demo is seeded with the clock moved to days that have broken date arithmetic
before: the first minutes of a year in Shanghai (still the last day of the old year and of
its quarter in UTC) and a leap day. The last day of a quarter is the suite's own day (early
morning in Shanghai, still the day before in UTC): the demo every test shares is checked
the same way.
"""

import re
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from bases.models import TrainingBase
from events.models import Event
from mentorship.models import CenterApplication, Notification, NotificationKind, ServiceCenter, User
from mentorship.scoping import center_scope
from students.demo import quarter_start
from students.models import Application, Placement
from subsidies import services as subsidy_services
from subsidies.models import SubsidyClaim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAYS = [
    datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI),
    datetime(2028, 2, 29, 9, 0, tzinfo=SHANGHAI),
]


@pytest.mark.parametrize("moment", DAYS, ids=[day.date().isoformat() for day in DAYS])
def test_the_demo_on_any_day(moment):
    with time_machine.travel(moment, tick=False):
        call_command("seed_demo", stdout=StringIO())
        the_demo_holds_together(timezone.localdate())


def test_the_demo_on_the_last_day_of_a_quarter(demo):
    today = timezone.localdate()
    assert (today + timedelta(days=1)).day == 1 and today.month in (3, 6, 9, 12)
    the_demo_holds_together(today)


def the_demo_holds_together(today):
    every_state_exists(today)
    the_previous_quarter_is_left_for_alibaba_to_claim(today)
    the_named_student_was_told_of_the_offer_waiting_for_an_answer()
    people_and_bases_read_as_real_ones()


def every_state_exists(today):
    hangzhou = ServiceCenter.objects.get(slug="hangzhou")

    claims = set(SubsidyClaim.objects.filter(center=hangzhou).values_list("status", flat=True))
    assert {"submitted", "second_approval", "approved", "paid"} <= claims

    placements = Placement.objects.filter(center=hangzhou)
    ongoing = placements.filter(status="ongoing", start_date__lte=today, end_date__gt=today)
    assert ongoing.exists()
    assert ongoing.filter(end_date__lte=today + timedelta(days=14)).exists(), "ending soon"
    assert placements.filter(status="completed", end_date__lte=today).exists()
    assert placements.filter(status="terminated").exists()
    for placement in Placement.objects.select_related("application"):
        applied = timezone.localdate(placement.application.created_at)
        assert applied <= placement.start_date, placement
    assert not placements.filter(status="completed", end_date__gt=today).exists()

    for slug in ("hangzhou", "huangshan"):
        states = set(Application.objects.filter(center__slug=slug).values_list("status", flat=True))
        assert states == set(Application.Status.values), slug
        assert Event.objects.filter(center__slug=slug, starts_at__gt=timezone.now()).exists()

    assert CenterApplication.objects.filter(status="submitted").exists()


def the_previous_quarter_is_left_for_alibaba_to_claim(today):
    hangzhou = ServiceCenter.objects.get(slug="hangzhou")
    base = TrainingBase.objects.get(
        center=hangzhou, kind="internship", enterprise__name_en__startswith="Alibaba"
    )
    previous = quarter_start(today, 1)
    year, number = previous.year, (previous.month - 1) // 3 + 1
    assert not SubsidyClaim.objects.filter(base=base, period_year=year, period_number=number)
    with center_scope(hangzhou):
        claim = subsidy_services.subsidy_claim_open(
            center=hangzhou,
            actor=User.objects.get(email="hr.alibaba@demo.example"),
            base=base,
            year=year,
            number=number,
        )
    assert claim.line_count == 4
    assert claim.needs_second_approval


def the_named_student_was_told_of_the_offer_waiting_for_an_answer():
    student = User.objects.get(email="student.hangzhou@demo.example")
    offer = Application.objects.get(student__user=student, status="offered")
    assert offer.position.base.enterprise.name_en.startswith("Alibaba")
    told = Notification.objects.filter(user=student, kind=NotificationKind.APPLICATION_STATUS)
    assert told.filter(title__contains=offer.position.title).exists()
    assert Notification.objects.filter(
        user__email="hr.alibaba@demo.example", kind=NotificationKind.NEW_APPLICANT
    ).exists()


def people_and_bases_read_as_real_ones():
    # Names are names: no role written in front of them ("学生 赵晨").
    prefixed = User.objects.filter(email__endswith="@demo.example", name__contains=" ")
    assert not prefixed.exists(), list(prefixed.values_list("name", flat=True))
    # A base whose introduction names its interns a year takes that many.
    for base in TrainingBase.objects.exclude(introduction=""):
        named = re.search(r"每年[^，。；]*?(\d+)名", base.introduction)
        if named:
            assert base.yearly_capacity == int(named.group(1)), base
