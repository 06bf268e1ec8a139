"""The internship loop end to end, as the three parties click it: an enterprise becomes a
base and posts a position, a new student applies, the enterprise offers, the student
accepts, and the placement shows for the student, the enterprise and the bureau."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.bases.factories import PDF_BYTES, credit_code
from tests.browser_support import link_in_last_email, nav_to, sign_in, sign_out

pytestmark = pytest.mark.browser

PDF = PDF_BYTES


def sign_up(page, *, name, email, password, center, role):
    page.goto("/accounts/signup/")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_label("Service center").select_option(label=center)
    page.get_by_label("I join as").select_option(label=role)
    page.get_by_role("button", name="Sign Up", exact=True).click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    page.goto(link_in_last_email(mail.outbox, email, r"https?://\S+/confirm-email/\S+"))
    page.get_by_role("button", name="Confirm").click()
    sign_in(page, email, password)


def test_enterprise_to_placement_whole_journey(page, shot, demo, tmp_path):
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(PDF)
    resume = tmp_path / "简历.pdf"
    resume.write_bytes(PDF)
    hangzhou = "Hangzhou Mentorship Service Center"

    # 1. A new person signs up as an enterprise representative and registers the enterprise.
    sign_up(
        page,
        name="周敏",
        email="hr@qiantang-data.example",
        password="Hz-Portal-2026!",
        center=hangzhou,
        role="Enterprise representative",
    )
    nav_to(page, "Enterprise", "My enterprise")
    page.get_by_role("button", name="Register an enterprise").click()
    page.get_by_label("Name (Chinese)").fill("杭州钱塘数据科技有限公司")
    page.get_by_label("Name (English)").fill("Qiantang Data Technology Co., Ltd.")
    page.get_by_label("Unified social credit code").fill(credit_code(77001))
    page.get_by_label("Industry").fill("软件和信息技术服务业")
    page.get_by_label("Size").select_option("medium")
    page.get_by_label("Address").fill("杭州市钱塘区学林街 198 号")
    page.get_by_label("Contact person").fill("周敏")
    page.get_by_label("Contact phone").fill("0571-86886688")
    page.get_by_label("Business licence").set_input_files(str(licence))
    page.get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="杭州钱塘数据科技有限公司").wait_for()
    shot("enterprise registered")

    # 2. It applies to be an internship training base.
    page.get_by_role("button", name="Apply to be a base of this center").click()
    page.get_by_label("Kind").select_option("internship")
    page.get_by_label("What interns will do and learn").fill("参与数据平台建设，导师带教。")
    page.get_by_label("Interns per year").fill("8")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Submit to the bureau").click()
    page.get_by_text("Your application is submitted to the bureau.").wait_for()
    shot("base application submitted")
    sign_out(page)

    # 3. The bureau recognizes it.
    sign_in(page, "bureau.hangzhou@demo.example")
    page.goto("/c/hangzhou/")
    nav_to(page, "Reviews", "Review base applications")
    page.get_by_role("link", name="Qiantang Data Technology Co., Ltd.").click()
    page.get_by_role("button", name="Start review").click()
    page.get_by_role("button", name="Recognize as a base").click()
    page.get_by_text("The enterprise is recognized as a base").wait_for()
    shot("base recognized by the bureau")
    sign_out(page)

    # 4. The enterprise posts a 4-month position.
    sign_in(page, "hr@qiantang-data.example", "Hz-Portal-2026!")
    nav_to(page, "Enterprise", "Base applications and positions")
    page.get_by_role("link", name="Internship training base").first.click()
    page.get_by_role("button", name="Positions", exact=True).click()
    page.get_by_role("button", name="New position").click()
    today = timezone.localdate()
    page.get_by_label("Title", exact=True).fill("数据工程实习生")
    page.get_by_label("Description").fill("参与数据仓库与 ETL 开发，熟悉 SQL 与 Python。")
    page.get_by_label("Openings").fill("2")
    page.get_by_label("Duration (months)").select_option("4")
    page.get_by_label("Monthly stipend (CNY)").fill("3200")
    page.get_by_label("Majors wanted").fill("数据科学与大数据技术")
    page.get_by_label("Start date").fill((today + timedelta(days=30)).isoformat())
    page.get_by_label("Application deadline").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("The position is open to students.").wait_for()
    shot("4-month position published")
    sign_out(page)

    # 5. A new student signs up, completes the profile with a résumé and applies.
    sign_up(
        page,
        name="陈一鸣",
        email="chen.yiming@zufe.example",
        password="Bright-Future-88",
        center=hangzhou,
        role="Student",
    )
    nav_to(page, "My internship", "My profile")
    page.get_by_label("University").select_option(
        label="Zhejiang University of Finance and Economics"
    )
    page.get_by_label("Major").fill("数据科学与大数据技术")
    page.get_by_label("Degree").select_option(label="Bachelor")
    page.get_by_label("Graduation year").fill("2027")
    page.get_by_label("Student number").fill("2023110388")
    page.get_by_label("Mobile phone").fill("13957100388")
    page.get_by_label("Résumé (PDF)").set_input_files(str(resume))
    page.get_by_label("Skills").fill("SQL, Python, Spark")
    page.get_by_role("button", name="Save my profile").click()
    page.get_by_text("Your profile is complete: you can apply for positions.").wait_for()
    shot("student profile complete")
    page.get_by_role("link", name="Internships").first.click()
    page.get_by_label("Keywords").fill("数据工程")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="数据工程实习生").click()
    page.get_by_label("Cover letter").fill("我熟悉 SQL 与 Python，希望参与数据平台建设。")
    shot("position page before applying")
    page.get_by_role("button", name="Send my application").click()
    page.get_by_text("Your application for “数据工程实习生” is sent.").wait_for()
    shot("student applied")
    sign_out(page)

    # 6. The enterprise shortlists, interviews, then offers.
    sign_in(page, "hr@qiantang-data.example", "Hz-Portal-2026!")
    page.get_by_role("link", name="Applicants").click()
    page.get_by_role("link", name="数据工程实习生").click()
    page.get_by_role("link", name="陈一鸣").click()
    page.get_by_label("Next step").select_option(label="Shortlisted")
    page.get_by_role("button", name="Save and tell the student").click()
    page.get_by_label("Next step").select_option(label="Interview")
    page.get_by_label("Message to the student (optional)").fill(
        "12月1日下午两点，钱塘区学林街198号面试。"
    )
    page.get_by_role("button", name="Save and tell the student").click()
    page.get_by_label("Next step").select_option(label="Offered")
    page.get_by_role("button", name="Save and tell the student").click()
    page.locator(".badge.status-offered").wait_for()
    shot("offer made")
    sign_out(page)

    # 7. The student accepts; the placement starts.
    sign_in(page, "chen.yiming@zufe.example", "Bright-Future-88")
    nav_to(page, "My internship", "My applications")
    page.get_by_role("link", name="Answer the offer").click()
    page.get_by_role("button", name="Accept the offer").click()
    page.get_by_text("You accepted the offer.").wait_for()
    page.get_by_text("数据工程实习生").first.wait_for()
    shot("placement for the student")
    sign_out(page)

    # 8. The placement shows for the enterprise and the bureau.
    for email, password, name in [
        ("hr@qiantang-data.example", "Hz-Portal-2026!", "enterprise"),
        ("bureau.hangzhou@demo.example", "demo-pass-2026", "bureau"),
    ]:
        sign_in(page, email, password)
        page.get_by_role("link", name="Placements").click()
        page.get_by_text("陈一鸣").first.wait_for()
        shot(f"placement for the {name}")
        sign_out(page)
