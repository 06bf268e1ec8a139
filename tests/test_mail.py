"""Every email of the portal is written in one language, its reader's, from the templates
under templates/email/, and goes out as plain text with an HTML twin in the shared layout."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from mentorship import services
from mentorship.mail import (
    PreparedEmail,
    address_language,
    email_language,
    render_email,
)
from mentorship.models import CenterApplication, NotificationKind, OutgoingEmail, Role
from mentorship.notifications import notify
from mentorship.scoping import center_scope
from tests.factories import UserFactory
from tests.test_center_admin import application_fields

pytestmark = pytest.mark.django_db

ZH, EN = "zh-hans", "en"


def sent_to(address):
    (message,) = [m for m in mail.outbox if address in m.to]
    return message


def html_of(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


# Invitations


@pytest.mark.parametrize(
    ("language", "subject", "words", "foreign"),
    [
        (ZH, "邀请您加入甲中心", ["邀请您以“人社局工作人员”身份加入甲中心", "北京时间"], "invites"),
        (
            EN,
            "Invitation to join Alpha Center",
            ["invites you to join Alpha Center as Bureau staff", "(Beijing time)"],
            "邀请",
        ),
    ],
)
def test_an_invitation_is_written_in_the_inviter_s_language(
    center, coordinator, django_capture_on_commit_callbacks, language, subject, words, foreign
):
    coordinator.language = language
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True), center_scope(center):
        invitation = services.invitation_create(
            center=center, actor=coordinator, email="new@example.test", role=Role.BUREAU
        )
    message = sent_to("new@example.test")
    assert message.subject == subject
    link = f"http://127.0.0.1:8000/c/alpha/invitations/{invitation.token}/"
    html = html_of(message)
    for text in (message.body, html):
        assert all(word in text for word in words)
        assert link in text
        assert coordinator.get_full_name() in text
        assert foreign not in text
        # Seven days from 07:30 on 31 March in Shanghai, which is still 30 March in UTC.
        assert "2026-04-07 07:30" in text and "2026-04-06" not in text
    assert f'<html lang="{language}">' in html


def test_an_invitee_with_an_account_reads_their_own_language(
    center, coordinator, django_capture_on_commit_callbacks
):
    coordinator.language = ZH
    coordinator.save()
    UserFactory(email="reader@example.test", language=EN)
    with django_capture_on_commit_callbacks(execute=True), center_scope(center):
        services.invitation_create(
            center=center, actor=coordinator, email="Reader@Example.test", role=Role.BUREAU
        )
    assert sent_to("reader@example.test").subject == "Invitation to join Alpha Center"


# Decisions on an application to open a center


def apply_in(language, **fields):
    with translation.override(language):
        return services.center_apply(applicant=None, **application_fields(**fields))


def test_an_application_keeps_the_language_its_form_was_filled_in(client):
    client.post(reverse("center_apply"), application_fields(), HTTP_ACCEPT_LANGUAGE=ZH)
    client.post(
        reverse("center_apply"),
        application_fields(contact_email="b@ahu.example"),
        HTTP_ACCEPT_LANGUAGE=EN,
    )
    assert dict(CenterApplication.objects.values_list("contact_email", "language")) == {
        "sun@ahu.example": ZH,
        "b@ahu.example": EN,
    }


@pytest.mark.parametrize(
    ("language", "subject", "words", "invitation_subject"),
    [
        (
            ZH,
            "安徽大学导师制服务中心已授牌",
            ["安徽大学申请开设的服务中心已获授牌", "授牌编号 MP-2026-"],
            "邀请您加入安徽大学导师制服务中心",
        ),
        (
            EN,
            "Anhui University Service Center has been licensed",
            ["Anhui University applied for is licensed", "license number MP-2026-"],
            "Invitation to join Anhui University Service Center",
        ),
    ],
)
def test_licensing_is_told_in_the_language_of_the_application(
    django_capture_on_commit_callbacks, language, subject, words, invitation_subject
):
    application = apply_in(language, institution_en="Anhui University")
    staff = UserFactory(is_program_staff=True, language=ZH if language == EN else EN)
    with django_capture_on_commit_callbacks(execute=True):
        center = services.center_application_license(
            actor=staff,
            application=application,
            slug="ahu",
            name_zh="安徽大学导师制服务中心",
            name_en="Anhui University Service Center",
        )
    message = sent_to("sun@ahu.example")
    assert message.subject == subject
    for text in (message.body, html_of(message)):
        assert all(word in text for word in words)
        assert center.license_number in text
        assert "li.coordinator@ahu.example" in text
        assert "http://127.0.0.1:8000/c/ahu/" in text
    # The first coordinator, named by the applicant, is invited in the same language.
    assert sent_to("li.coordinator@ahu.example").subject == invitation_subject


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        (
            ZH,
            "安徽大学的申请未获通过",
            ["很遗憾，安徽大学开设导师制服务中心的申请未获通过", "原因："],
        ),
        (
            EN,
            "Your application for Anhui University was not accepted",
            ["The application of Anhui University", "Reason:"],
        ),
    ],
)
def test_a_rejection_is_told_in_the_language_of_the_application(
    django_capture_on_commit_callbacks, language, subject, words
):
    application = apply_in(language, institution_en="Anhui University")
    with django_capture_on_commit_callbacks(execute=True):
        services.center_application_reject(
            actor=UserFactory(is_program_staff=True), application=application, comment="材料不全"
        )
    message = sent_to("sun@ahu.example")
    assert message.subject == subject
    for text in (message.body, html_of(message)):
        assert all(word in text for word in words)
        assert "材料不全" in text
        assert "http://127.0.0.1:8000" + reverse("center_apply") in text


def test_an_applicant_with_an_account_reads_their_own_language():
    UserFactory(email="sun@ahu.example", language=EN)
    application = apply_in(ZH)
    assert address_language(application.contact_email, application.language) == EN


# Notifications


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        (ZH, "欢迎加入甲中心", ["您已以学生身份加入甲中心", "“加入服务中心”", "设置接收哪些邮件"]),
        (
            EN,
            "Welcome to Alpha Center",
            ["You are now a member of Alpha Center as Student", "“Joining a service center”"],
        ),
    ],
)
def test_a_notification_email_is_in_the_recipient_s_language(
    center, django_capture_on_commit_callbacks, language, subject, words
):
    person = UserFactory(email="li.na@example.test", language=language)
    with django_capture_on_commit_callbacks(execute=True), center_scope(center):
        services.membership_join(center=center, user=person, role=Role.STUDENT)
    message = sent_to("li.na@example.test")
    assert message.subject == subject
    for text in (message.body, html_of(message)):
        assert all(word in text for word in words), text
        assert "http://127.0.0.1:8000/c/alpha/" in text
        assert "http://127.0.0.1:8000/notifications/preferences/" in text


def test_a_notification_without_a_link_or_a_kind_of_ours_still_reads_well(
    django_capture_on_commit_callbacks,
):
    person = UserFactory(language=EN)
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, "unknown", title="Just so you know", body="Line one\nline <two>")
    (message,) = mail.outbox
    assert message.body.startswith("Line one\nline <two>\n")
    assert "line &lt;two&gt;" in html_of(message)
    assert "Choose which emails you get:" in message.body


def test_the_email_layout_carries_the_center_s_name_and_colour(center):
    center.brand_color = "#aa3300"
    rendered = render_email(
        "notification",
        {"title": "T", "body": "B", "link": "", "kind": ""},
        language=ZH,
        center=center,
    )
    assert "background:#aa3300" in rendered.html
    assert "甲中心" in rendered.html and "导师制" in rendered.html
    program = render_email(
        "notification", {"title": "T", "body": "B", "link": "", "kind": ""}, language=EN
    )
    assert "Mentorship Program" in program.html and "#1d5fa8" in program.html


# The kit


def test_the_plain_text_is_not_escaped_and_the_html_is(center):
    context = {"title": "A & B", "body": "<script>x</script>", "link": "", "kind": ""}
    rendered = render_email("notification", context, language=EN, center=center)
    assert rendered.subject == "A & B"
    assert "<script>x</script>" in rendered.body
    assert "<script>" not in rendered.html and "&lt;script&gt;x&lt;/script&gt;" in rendered.html


def test_a_prepared_email_equals_the_one_rendered_for_each(center):
    values = {
        "name": "O'Brien <Ann>",
        "university": "Zhejiang University",
        "student_number": "2023000001",
        "link": "http://127.0.0.1:8000/c/alpha/students/import/welcome/t0k3n/",
    }
    context = {"expires_at": center.created_at}
    prepared = PreparedEmail(
        "student_welcome", fields=tuple(values), context=context, language=EN, center=center
    )
    filled = prepared.outgoing(to="ann@example.test", **values)
    rendered = render_email("student_welcome", {**context, **values}, language=EN, center=center)
    assert (filled.subject, filled.body, filled.html_body) == (
        rendered.subject,
        rendered.body,
        rendered.html,
    )


def test_a_prepared_email_refuses_a_field_its_templates_do_not_print(center):
    with pytest.raises(ValueError, match="does not print"):
        PreparedEmail(
            "student_welcome",
            fields=("name", "university", "student_number", "link", "nickname"),
            context={"expires_at": center.created_at},
            language=EN,
            center=center,
        )


def test_email_language_takes_the_first_the_portal_speaks():
    assert email_language("", "fr", "en-gb", ZH) == EN
    assert email_language(UserFactory(language=""), None) == ZH  # the portal's default
    assert email_language(UserFactory(language=EN)) == EN


def test_the_html_twin_goes_out_with_the_plain_text(django_capture_on_commit_callbacks):
    person = UserFactory(language=ZH)
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(person, NotificationKind.REPORT_READY, title="报表已生成", url="/r/")
    email = OutgoingEmail.objects.get(pk=notification.email_id)
    assert email.status == OutgoingEmail.Status.SENT
    (message,) = mail.outbox
    assert message.body == email.body and html_of(message) == email.html_body
    assert '<html lang="zh-hans">' in email.html_body
