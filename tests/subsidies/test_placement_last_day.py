"""A placement's end reads as its inclusive last day on every page, email, export and form,
the same day its subsidy line ends on."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import strip_tags

from mentorship.models import Notification
from mentorship.scoping import center_scope
from mentorship.services.privacy import personal_data
from students import services as student_services
from tests.subsidies.factories import placement, submitted_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]

SHANGHAI = ZoneInfo("Asia/Shanghai")
START, STORED_END, LAST_DAY = date(2025, 6, 11), date(2025, 12, 11), date(2025, 12, 10)


@pytest.fixture
def six_months(base):
    """Six months from 11 June: stored as ending 11 December, the last day is the 10th."""
    return placement(base, START, STORED_END)


def _url(center, name, **kwargs):
    return reverse(name, kwargs={"center_slug": center.slug, **kwargs})


@time_machine.travel(datetime(2026, 1, 15, 10, tzinfo=SHANGHAI), tick=False)
def test_the_placement_page_and_its_subsidy_line_end_on_the_same_day(
    client, center, rep, bureau, six_months
):
    claim = submitted_claim(center, rep, six_months.base, 2025, 4)
    line = claim.lines.get(placement=six_months)
    assert line.last_day == six_months.last_day == LAST_DAY
    client.force_login(rep)
    # What a person reads: the text, whatever markup keeps a date on one line.
    placement_page = strip_tags(
        client.get(_url(center, "center:students:placement_detail", pk=six_months.pk)).text
    )
    listed = strip_tags(client.get(_url(center, "center:students:placement_list")).text)
    client.force_login(bureau)
    claim_page = strip_tags(
        client.get(_url(center, "center:subsidies:claim_detail", pk=claim.pk)).text
    )
    assert "2025-06-11 – 2025-12-10" in placement_page
    assert "2025-06-11 – 2025-12-10" in claim_page
    assert "2025-12-10" in listed
    for page in (placement_page, listed, claim_page):
        assert "2025-12-11" not in page


@time_machine.travel(datetime(2025, 12, 20, 10, tzinfo=SHANGHAI), tick=False)
def test_ending_early_accepts_dates_up_to_the_last_day_it_shows(center, rep, six_months):
    with center_scope(center), pytest.raises(ValidationError) as refused:
        student_services.placement_terminate(
            center=center, actor=rep, placement=six_months, terminated_on=STORED_END, reason="x"
        )
    assert refused.value.message_dict["terminated_on"] == [
        "Choose a date from 2025-06-11 to 2025-12-10."
    ]
    with center_scope(center):
        ended = student_services.placement_terminate(
            center=center, actor=rep, placement=six_months, terminated_on=LAST_DAY, reason="x"
        )
    assert ended.terminated_on == LAST_DAY


def test_reminders_and_the_data_export_give_the_last_day(center, rep, six_months):
    with center_scope(center):
        student_services.placement_send_ending_reminders(center=center, today=date(2025, 12, 1))
    texts = " ".join(f"{n.title} {n.body}" for n in Notification.objects.all())
    assert "您的实习将于2025-12-10结束" in texts  # the student reads Chinese by default
    assert "2025-12-11" not in texts
    exported = personal_data(six_months.student.user)["placements"][0]
    assert exported["last_day"] == "2025-12-10"
    assert "2025-12-11" not in json.dumps(exported)
