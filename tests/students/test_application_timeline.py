"""The student's application page: every state with its date from the audit trail, the
enterprise's message, and the next step expected."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from mentorship.scoping import center_scope
from students import services
from tests.students.factories import ApplicationFactory

SH = ZoneInfo("Asia/Shanghai")


def _page(client, world, language="en"):
    url = reverse(
        "center:students:position_detail",
        kwargs={"center_slug": world.center.slug, "pk": world.position.pk},
    )
    client.force_login(world.student)
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_timeline_lists_each_state_with_its_date_and_the_enterprises_message(world, client):
    with center_scope(world.center):
        with time_machine.travel(datetime(2026, 4, 1, 10, 0, tzinfo=SH), tick=False):
            application = services.application_submit(
                center=world.center, actor=world.student, position=world.position
            )
        with time_machine.travel(datetime(2026, 4, 3, 15, 30, tzinfo=SH), tick=False):
            services.application_shortlist(
                center=world.center, actor=world.rep, application=application
            )
        with time_machine.travel(datetime(2026, 4, 6, 9, 15, tzinfo=SH), tick=False):
            services.application_invite_to_interview(
                center=world.center,
                actor=world.rep,
                application=application,
                note="周三下午两点，带上作品集。",
            )
    page = _page(client, world)
    timeline = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert timeline.index("Submitted") < timeline.index("Shortlisted") < timeline.index("Interview")
    for stamp in ("2026-04-01 10:00", "2026-04-03 15:30", "2026-04-06 09:15"):
        assert stamp in timeline
    assert "Message from the enterprise:" in timeline
    assert "周三下午两点，带上作品集。" in timeline
    assert "Go to the interview the enterprise arranges with you." in page

    zh = _page(client, world, "zh-hans")
    assert "企业留言" in zh
    assert "下一步" in zh


def test_an_application_without_a_trail_starts_at_its_own_date(world, client, unscoped):
    ApplicationFactory(position=world.position, student=world.profile)
    page = _page(client, world)
    timeline = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert "Submitted" in timeline
    assert "The enterprise reviews your application." in page


def test_an_offer_asks_for_an_answer_and_a_closed_one_says_so(world, client, unscoped):
    application = ApplicationFactory(position=world.position, student=world.profile)
    application.status = "offered"
    application.save()
    assert "Answer the offer below" in _page(client, world)
    application.status = "rejected"
    application.save()
    assert "This application is closed." in _page(client, world)
