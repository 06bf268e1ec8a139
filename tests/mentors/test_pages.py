"""The mentors' pages as people use them: finding and asking a mentor, answering, the
pairing's page with its minimal disclosure, the coordinator's approvals; and query bounds."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentors import services
from mentors.models import MentorApproval, MentorProfile, Pairing
from mentorship.models import Role
from mentorship.scoping import center_scope
from tests.mentors.factories import MentorApprovalFactory, MentoringSessionFactory, PairingFactory


def u(center, name, **kwargs):
    return reverse(f"center:mentors:{name}", kwargs={"center_slug": center.slug, **kwargs})


def ask_first(world):
    with center_scope(world.center):
        request = services.pairing_request(
            center=world.center,
            actor=world.student,
            approvals=world.approvals[:2],
            reason="想了解数据岗位。",
        )
    return request.pairings.get(preference=1)


def test_students_see_only_approved_mentors_and_can_filter(client, world):
    MentorApprovalFactory(
        center=world.center, status=MentorApproval.Status.PENDING, profile__title="待审导师职位"
    )
    client.force_login(world.student)
    body = client.get(u(world.center, "list")).content.decode()
    assert "刘强" in body and "王芳" in body
    assert "待审导师职位" not in body
    filtered = client.get(u(world.center, "list"), {"q": "招聘"}).content.decode()
    assert "王芳" in filtered and "刘强" not in filtered


def test_a_pending_mentor_page_is_404_for_students(client, world):
    pending = MentorApprovalFactory(center=world.center, status=MentorApproval.Status.PENDING)
    client.force_login(world.student)
    assert client.get(u(world.center, "detail", pk=pending.pk)).status_code == 404


def test_suggestions_show_why_each_mentor_is_suggested(client, world):
    client.force_login(world.student)
    body = client.get(u(world.center, "suggestions")).content.decode()
    assert "Why suggested" in body
    assert "Major fit" in body and "计算机科学与技术" in body
    assert body.index("刘强") < body.index("王芳")


def test_suggestions_in_chinese(client, world):
    client.force_login(world.student)
    body = client.get(u(world.center, "suggestions"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = body.content.decode()
    assert "推荐理由" in text and "专业匹配" in text


def test_asking_through_the_page_sends_the_request_to_the_first_choice(client, world):
    client.force_login(world.student)
    first, second = world.approvals[:2]
    page = client.get(u(world.center, "ask"), {"mentor": first.pk})
    assert page.context["form"].initial["first"] == first.pk
    response = client.post(
        u(world.center, "ask"),
        {"first": first.pk, "second": second.pk, "third": "", "reason": "想转行做产品。"},
    )
    assert response.status_code == 302
    with center_scope(world.center):
        statuses = dict(
            Pairing.objects.filter(student=world.student).values_list("preference", "status")
        )
    assert statuses == {1: "requested", 2: "queued"}


def test_asking_without_a_reason_shows_the_error_beside_the_field(client, world):
    client.force_login(world.student)
    response = client.post(u(world.center, "ask"), {"first": world.approvals[0].pk, "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]


def test_the_mentor_accepts_from_the_pairing_page(client, world):
    pairing = ask_first(world)
    client.force_login(world.mentors[0])
    page = client.get(u(world.center, "pairing_detail", pk=pairing.pk)).content.decode()
    assert "想了解数据岗位" in page and "Accept" in page
    client.post(u(world.center, "pairing_accept", pk=pairing.pk))
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE


def test_another_mentor_cannot_accept_or_read_the_request(client, world):
    pairing = ask_first(world)
    client.force_login(world.mentors[2])
    assert client.get(u(world.center, "pairing_detail", pk=pairing.pk)).status_code == 404
    response = client.post(u(world.center, "pairing_accept", pk=pairing.pk), follow=True)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.REQUESTED
    assert "Only the mentor asked" in response.content.decode()


def test_contact_details_appear_only_once_the_pairing_is_active(client, world):
    pairing = ask_first(world)
    phone = world.approvals[0].profile.phone
    client.force_login(world.student)
    detail = u(world.center, "detail", pk=world.approvals[0].pk)
    assert phone not in client.get(detail).content.decode()
    assert (
        phone not in client.get(u(world.center, "pairing_detail", pk=pairing.pk)).content.decode()
    )
    with center_scope(world.center):
        services.pairing_accept(center=world.center, actor=world.mentors[0], pairing=pairing)
    assert phone in client.get(detail).content.decode()
    assert phone in client.get(u(world.center, "pairing_detail", pk=pairing.pk)).content.decode()


def test_a_session_logged_on_the_page_and_feedback_given(client, world):
    pairing = ask_first(world)
    with center_scope(world.center):
        services.pairing_accept(center=world.center, actor=world.mentors[0], pairing=pairing)
    client.force_login(world.student)
    client.post(
        u(world.center, "session_log", pk=pairing.pk),
        {
            "held_on": timezone.localdate().isoformat(),
            "duration_minutes": "50",
            "mode": "in_person",
            "topic": "面试准备",
            "notes": "",
            "next_steps": "",
        },
    )
    session = pairing.sessions.get()
    response = client.post(
        u(world.center, "feedback_give", pk=pairing.pk, session_pk=session.pk),
        {"rating": "5", "comment": "很有帮助", "working": "yes"},
        follow=True,
    )
    assert "Thank you for your feedback." in response.content.decode()
    bad = client.post(
        u(world.center, "session_log", pk=pairing.pk),
        {"held_on": "2099-01-01", "duration_minutes": "50", "mode": "online", "topic": "x"},
        follow=True,
    )
    assert "once it has taken place" in bad.content.decode()


def test_coordinator_approves_a_profile_from_its_page(client, world):
    pending = MentorApprovalFactory(center=world.center, status=MentorApproval.Status.PENDING)
    client.force_login(world.coordinator)
    review = client.get(u(world.center, "review")).content.decode()
    assert str(pending.profile) in review
    client.post(u(world.center, "approve", pk=pending.pk), {"note": ""})
    pending.refresh_from_db()
    assert pending.status == MentorApproval.Status.APPROVED
    client.post(u(world.center, "reject", pk=pending.pk), {"note": ""})
    pending.refresh_from_db()
    assert pending.status == MentorApproval.Status.APPROVED


def test_mentor_writes_their_profile_and_sees_it_waiting(client, world, member_factory):
    mentor = member_factory(world.center, Role.MENTOR)
    client.force_login(mentor)
    response = client.post(
        u(world.center, "profile"),
        {
            "kind": "friend",
            "title": "资深HR",
            "organization": "阿里巴巴",
            "industry_tags": "互联网，电商",
            "expertise_tags": "",
            "majors": "",
            "languages": ["zh", "en"],
            "bio": "",
            "offers_pairing": "on",
            "capacity": "0",
            "accepting": "on",
            "phone": "",
            "contact_email": "",
        },
    )
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    response = client.post(
        u(world.center, "profile"),
        {
            "kind": "friend",
            "title": "资深HR",
            "organization": "阿里巴巴",
            "industry_tags": "互联网，电商",
            "languages": ["zh", "en"],
            "offers_pairing": "on",
            "capacity": "2",
            "accepting": "on",
        },
        follow=True,
    )
    assert "Waiting for approval" in response.content.decode()
    profile = MentorProfile.objects.get(user=mentor)
    assert (profile.industry_tags, profile.languages) == ("互联网,电商", "zh,en")


def test_menu_gives_each_role_its_mentor_pages(client, world):
    client.force_login(world.mentors[0])
    body = client.get(reverse("center:home", kwargs={"center_slug": world.center.slug}))
    assert u(world.center, "profile") in body.content.decode()
    client.force_login(world.coordinator)
    body = client.get(reverse("center:home", kwargs={"center_slug": world.center.slug}))
    assert u(world.center, "review") in body.content.decode()


def count_queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_mentors(center, n, status=MentorApproval.Status.APPROVED):
    for _ in range(n):
        MentorApprovalFactory(center=center, status=status)


@pytest.mark.parametrize(
    ("name", "role"),
    [("list", "student"), ("suggestions", "student"), ("review", "coordinator")],
)
def test_mentor_lists_do_not_grow_in_queries(client, world, unscoped, name, role):
    client.force_login(world.student if role == "student" else world.coordinator)
    status = MentorApproval.Status.PENDING if name == "review" else MentorApproval.Status.APPROVED
    add_mentors(world.center, 2, status)
    few = count_queries(client, u(world.center, name))
    add_mentors(world.center, 25, status)
    assert count_queries(client, u(world.center, name)) == few


def test_pairing_list_and_page_do_not_grow_in_queries(client, world, unscoped):
    client.force_login(world.coordinator)
    for _ in range(2):
        PairingFactory(center=world.center)
    few = count_queries(client, u(world.center, "pairings"))
    for _ in range(25):
        PairingFactory(center=world.center)
    assert count_queries(client, u(world.center, "pairings")) == few

    pairing = PairingFactory(center=world.center, status=Pairing.Status.ACTIVE)
    MentoringSessionFactory(pairing=pairing)
    one = count_queries(client, u(world.center, "pairing_detail", pk=pairing.pk))
    for _ in range(10):
        MentoringSessionFactory(pairing=pairing)
    assert count_queries(client, u(world.center, "pairing_detail", pk=pairing.pk)) == one


def test_home_and_console_show_the_mentor_figures(client, world):
    MentorApprovalFactory(center=world.center, status=MentorApproval.Status.PENDING)
    client.force_login(world.coordinator)
    console = client.get(reverse("center:console", kwargs={"center_slug": world.center.slug}))
    cards = [p for p in console.context["panels"] if p["template"].startswith("mentors/")]
    assert cards[0]["figures"] == {"to_approve": 1, "active": 0}
    client.force_login(world.student)
    home = client.get(reverse("center:home", kwargs={"center_slug": world.center.slug}))
    assert u(world.center, "suggestions") in home.content.decode()


def test_coordinator_pairs_by_the_students_address(client, world):
    client.force_login(world.coordinator)
    unknown = client.post(
        u(world.center, "assign"),
        {"student": "nobody@example.test", "mentor": world.approvals[0].pk},
    )
    assert unknown.context["form"].errors["student"]
    done = client.post(
        u(world.center, "assign"),
        {"student": world.student.email.upper(), "mentor": world.approvals[0].pk, "note": ""},
    )
    assert done.status_code == 302
    with center_scope(world.center):
        assert Pairing.objects.get(student=world.student).status == Pairing.Status.ACTIVE


def test_a_pairing_said_not_to_work_offers_the_coordinator_a_re_pairing(client, world):
    pairing = ask_first(world)
    with center_scope(world.center):
        services.pairing_accept(center=world.center, actor=world.mentors[0], pairing=pairing)
        session = services.session_log(
            center=world.center,
            actor=world.student,
            pairing=pairing,
            held_on=timezone.localdate(),
            duration_minutes=30,
            mode="online",
            topic="第一次见面",
            notes="",
            next_steps="",
        )
        services.feedback_give(
            center=world.center, actor=world.student, session=session, rating=1, working=False
        )
    client.force_login(world.coordinator)
    listing = client.get(u(world.center, "pairings")).content.decode()
    assert "Said not to work" in listing
    page = client.get(u(world.center, "pairing_detail", pk=pairing.pk)).content.decode()
    repair = f"{u(world.center, 'assign')}?replaces={pairing.pk}"
    assert repair in page
    form = client.get(repair)
    assert "student" not in form.context["form"].fields
    client.post(repair, {"mentor": world.approvals[1].pk, "note": "换一位导师试试。"})
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ENDED_EARLY


def test_the_student_withdraws_from_the_pairing_page(client, world):
    pairing = ask_first(world)
    client.force_login(world.student)
    page = client.get(u(world.center, "pairing_detail", pk=pairing.pk)).content.decode()
    assert u(world.center, "request_withdraw", pk=pairing.pk) in page
    response = client.post(u(world.center, "request_withdraw", pk=pairing.pk), follow=True)
    assert "Your request is withdrawn." in response.content.decode()
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.WITHDRAWN
