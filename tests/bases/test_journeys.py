"""An enterprise becomes a training base and posts a position, clicked through in Chromium,
on a phone for the enterprise and on a desktop for the bureau."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from bases.models import Position, TrainingBase
from mentorship.models import Membership, Role, ServiceCenter, User
from tests.bases.factories import PDF_BYTES, credit_code, wrong_check_digit
from tests.browser_support import nav_to, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("unscoped")]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def newco_hr(demo):
    """A person who signed up for Hangzhou as an enterprise and has no enterprise yet."""
    hangzhou = ServiceCenter.objects.get(slug="hangzhou")
    user = User.objects.create_user(
        email="hr@newco.example", password="Newco-pass-2026", name="新公司 HR 林晓"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Membership.objects.create(center=hangzhou, user=user, role=Role.ENTERPRISE)
    return user


def test_enterprise_registers_applies_is_recognized_and_posts_a_position(
    page,
    shot,
    newco_hr,
    tmp_path,
):
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(PDF_BYTES)
    not_a_pdf = tmp_path / "licence.pdf"
    not_a_pdf.write_text("this is not a scan")

    page.set_viewport_size(PHONE)
    sign_in(page, "hr@newco.example", "Newco-pass-2026")
    page.goto("/c/hangzhou/")
    nav_to(page, "Enterprise", "My enterprise")
    page.get_by_role("button", name="Register an enterprise").click()
    page.get_by_label("Name (Chinese)").fill("杭州新程科技有限公司")
    page.get_by_label("Name (English)").fill("Hangzhou Xincheng Technology Co., Ltd.")
    page.get_by_label("Unified social credit code").fill(wrong_check_digit(4242))
    page.get_by_label("Industry").fill("软件和信息技术服务业")
    page.get_by_label("Size").select_option("small")
    page.get_by_label("Address").fill("杭州市滨江区江南大道 100 号")
    page.get_by_label("Contact person").fill("林晓")
    page.get_by_label("Contact phone").fill("0571-86001234")
    page.get_by_label("Business licence").set_input_files(str(not_a_pdf))
    page.get_by_role("button", name="Register").click()
    page.locator("#id_business_licence_error").get_by_text("not a real PDF").wait_for()
    page.locator("#id_credit_code_error").get_by_text("check digit").wait_for()
    shot("registration errors beside their fields (phone)")

    page.get_by_label("Unified social credit code").fill(credit_code(4242))
    page.get_by_label("Business licence").set_input_files(str(licence))
    page.get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="杭州新程科技有限公司").wait_for()
    shot("enterprise registered (phone)")

    page.get_by_role("button", name="Apply to be a base of this center").click()
    page.get_by_label("Kind").select_option("internship")
    page.get_by_label("What interns will do and learn").fill(
        "实习生加入研发团队，参与SaaS产品前后端开发，由技术经理一对一带教。"
    )
    page.get_by_label("Interns per year").fill("12")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit to the bureau").click()
    page.get_by_text("Your application is submitted to the bureau.").wait_for()
    shot("application submitted (phone)")
    sign_out(page)

    base = TrainingBase.objects.get(enterprise__name_zh="杭州新程科技有限公司")
    assert any("bureau.hangzhou@demo.example" in m.to for m in mail.outbox)

    page.set_viewport_size(DESKTOP)
    sign_in(page, "bureau.hangzhou@demo.example")
    page.goto("/c/hangzhou/")
    nav_to(page, "Reviews", "Review base applications")
    shot("bureau queue")
    page.get_by_role("link", name="Hangzhou Xincheng Technology Co., Ltd.").click()
    page.get_by_role("button", name="Start review").click()
    page.get_by_role("button", name="Return to the enterprise").click()
    page.locator("#return_comment_error").wait_for()
    shot("a return needs a comment")
    page.get_by_role("button", name="Recognize as a base").click()
    page.get_by_text("The enterprise is recognized as a base").wait_for()
    shot("recognized, with its history")
    sign_out(page)

    base.refresh_from_db()
    assert base.status == TrainingBase.Status.RECOGNIZED

    page.set_viewport_size(PHONE)
    sign_in(page, "hr@newco.example", "Newco-pass-2026")
    page.goto(f"/c/hangzhou/bases/{base.pk}/")
    page.get_by_role("button", name="Positions", exact=True).click()
    page.get_by_role("button", name="New position").click()
    today = timezone.localdate()
    page.get_by_label("Title", exact=True).fill("后端开发实习生")
    page.get_by_label("Description").fill("参与订单系统的 Java 后端开发。")
    page.get_by_label("Openings").fill("3")
    page.get_by_label("Duration (months)").select_option("4")
    page.get_by_label("Monthly stipend (CNY)").fill("3500")
    page.get_by_label("Majors wanted").fill("计算机科学与技术，软件工程")
    page.get_by_label("Start date").fill((today + timedelta(days=20)).isoformat())
    page.get_by_label("Application deadline").fill((today + timedelta(days=25)).isoformat())
    page.get_by_role("button", name="Save draft").click()
    page.locator("#id_deadline_error").wait_for()
    shot("deadline after start is refused (phone)")
    page.get_by_label("Application deadline").fill((today + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("The position is open to students.").wait_for()
    shot("position published (phone)")

    position = Position.objects.get(title="后端开发实习生")
    assert position.status == Position.Status.OPEN
    assert position.majors == "计算机科学与技术,软件工程"
