"""Journeys of the foundation, clicked through as people would."""

import pytest
from django.core import mail

from tests.browser_support import link_in_last_email, nav_to, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_new_student_signs_up_for_huangshan_confirms_email_and_reads_chinese(page, shot, demo):
    page.goto("/")
    page.get_by_role("button", name="Sign up").first.click()
    page.get_by_label("Full name").fill("程小雨")
    page.get_by_label("Email").fill("xiaoyu@students.example")
    page.get_by_label("Password", exact=True).fill("Huangshan-2026!")
    page.get_by_label("Password (again)").fill("Huangshan-2026!")
    page.get_by_label("Service center").select_option(label="Huangshan University Service Center")
    page.get_by_label("I join as").select_option(label="Student")
    shot("sign-up form")
    page.get_by_role("button", name="Sign Up", exact=True).click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    shot("verification sent")

    confirm = link_in_last_email(
        mail.outbox, "xiaoyu@students.example", r"https?://\S+/confirm-email/\S+"
    )
    page.goto(confirm)
    page.get_by_role("button", name="Confirm").click()
    shot("email confirmed")

    # No profile yet: the student lands on completing it, in the center they chose.
    sign_in(page, "xiaoyu@students.example", "Huangshan-2026!")
    page.get_by_role("heading", name="Complete your profile").wait_for()
    page.get_by_role("link", name="Center home").click()
    page.get_by_role("heading", name="Huangshan University Service Center").wait_for()
    assert page.get_by_text("Student", exact=True).first.is_visible()
    shot("center home in English")

    page.get_by_role("button", name="中文").click()
    page.get_by_role("heading", name="黄山学院导师制服务中心").wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("link", name="通知").is_visible()
    assert page.get_by_text("学生", exact=True).first.is_visible()
    shot("center home in Chinese")

    page.get_by_role("link", name="通知").click()
    page.get_by_text("欢迎加入").first.wait_for()
    shot("welcome notification in Chinese")


def test_coordinator_invites_a_colleague_who_accepts(page, shot, demo):
    sign_in(page, "coordinator.hangzhou@demo.example")
    page.get_by_role("heading", name="Coordinator console").wait_for()
    nav_to(page, "Administration", "Members and invitations")
    page.get_by_label("Email address").fill("chen.bureau@hz.example")
    page.get_by_label("Role").select_option(label="Bureau staff")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("An invitation was sent to chen.bureau@hz.example").wait_for()
    shot("invitation sent")
    sign_out(page)

    link = link_in_last_email(
        mail.outbox, "chen.bureau@hz.example", r"https?://\S+/invitations/\S+/"
    )
    page.goto(link)
    page.get_by_role("heading", name="Invitation to Hangzhou Mentorship Service Center").wait_for()
    page.get_by_label("Full name").fill("陈明")
    page.get_by_label("Password", exact=True).fill("Bureau-pass-2026")
    page.get_by_label("Password (again)").fill("Bureau-pass-2026")
    shot("accepting the invitation")
    page.get_by_role("button", name="Create account and accept").click()
    page.get_by_text("You have joined Hangzhou Mentorship Service Center.").wait_for()
    assert page.get_by_text("Bureau staff", exact=True).first.is_visible()
    shot("colleague joined as bureau staff")
    sign_out(page)

    sign_in(page, "coordinator.hangzhou@demo.example")
    page.get_by_role("link", name="Notifications").click()
    page.get_by_text("陈明 accepted your invitation").wait_for()
    shot("coordinator notified")
