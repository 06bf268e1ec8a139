"""A new service center, from a university's application to its branded home page."""

import pytest
from django.core import mail

from tests.browser_support import link_in_last_email, nav_to, sign_in, sign_out

pytestmark = pytest.mark.browser

HEADER = "姓名,邮箱,学校,学号,专业,毕业年份\n"
GOOD_ROWS = [
    "吴佳怡,wu.jiayi@ahu.example,安徽大学,Y2023001,会计学,2027",
    "郑浩,zheng.hao@ahu.example,安徽大学,Y2023002,软件工程,2026",
    "冯雪,feng.xue@ahu.example,安徽大学,Y2023003,法学,2027",
]
BAD_ROWS = [
    "吴佳怡,wu.jiayi@ahu.example,安徽大学,Y2023001,会计学,2027",
    "郑浩,not-an-email,安徽大学,Y2023002,软件工程,2026",
    "冯雪,feng.xue@ahu.example,合肥某大学,Y2023003,法学,2027",
]


def test_program_staff_license_a_center_that_its_coordinator_then_runs(page, shot, demo, tmp_path):
    # A university applies; no account is needed.
    page.goto("/")
    page.get_by_role("link", name="Apply here").click()
    page.get_by_label("University or institution (Chinese)").fill("安徽大学")
    page.get_by_label("University or institution (English)").fill("Anhui University")
    page.get_by_label("City (Chinese)").fill("合肥")
    page.get_by_label("City (English)").fill("Hefei")
    page.get_by_label("Contact person").fill("孙老师")
    page.get_by_label("Contact email").fill("career@ahu.example")
    page.get_by_label("Contact phone").fill("0551-63861234")
    page.get_by_label("Intended coordinator", exact=True).fill("李老师")
    page.get_by_label("Intended coordinator's email").fill("li.coordinator@ahu.example")
    page.get_by_label("Plan for the center").fill(
        "依托就业指导中心，每学期组织导师讲座与企业参访。"
    )
    shot("university applies")
    page.get_by_role("button", name="Submit the application").click()
    page.get_by_text("Your application is submitted.").wait_for()

    # Program staff license it.
    sign_in(page, "program@demo.example")
    page.goto("/program/")
    page.get_by_role("link", name="Service center applications").click()
    page.get_by_role("link", name="Anhui University").click()
    page.get_by_label("Web address").fill("ahu")
    page.get_by_label("Name (Chinese)").fill("安徽大学导师制服务中心")
    page.get_by_label("Name (English)").fill("Anhui University Service Center")
    shot("program staff license the center")
    page.get_by_role("button", name="License and invite the coordinator").click()
    page.get_by_text("is licensed and its first coordinator invited").wait_for()
    sign_out(page)

    # The first coordinator accepts the invitation.
    page.goto(
        link_in_last_email(
            mail.outbox, "li.coordinator@ahu.example", r"https?://\S+/invitations/\S+/"
        )
    )
    page.get_by_label("Full name").fill("李晓")
    page.get_by_label("Password", exact=True).fill("Anhui-Center-2026")
    page.get_by_label("Password (again)").fill("Anhui-Center-2026")
    page.get_by_role("button", name="Create account and accept").click()
    page.get_by_text("You have joined").wait_for()

    # Names and colour.
    nav_to(page, "Administration", "Console")
    page.get_by_role("link", name="Names, contact and branding").click()
    page.get_by_label("Name (Chinese)").fill("安徽大学大学生就业创业导师制服务中心")
    page.get_by_label("Name (English)").fill("Anhui University Mentorship Center")
    page.get_by_label("Brand colour").fill("#8a1538")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The center's settings are saved.").wait_for()
    shot("settings saved")

    # A bureau member is invited.
    nav_to(page, "Administration", "Members and invitations")
    page.get_by_label("Email address").fill("bureau@hefei-hrss.example")
    page.get_by_label("Role").select_option(label="Bureau staff")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("An invitation was sent to bureau@hefei-hrss.example").wait_for()

    # Students are imported: two bad rows first, then the corrected file.
    bad = tmp_path / "students.csv"
    bad.write_text(HEADER + "\n".join(BAD_ROWS) + "\n", encoding="utf-8-sig")
    good = tmp_path / "students-fixed.csv"
    good.write_text(HEADER + "\n".join(GOOD_ROWS) + "\n", encoding="utf-8-sig")
    nav_to(page, "Administration", "Students")
    page.get_by_role("button", name="Import students").click()
    page.get_by_label("Student list (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    problems = page.locator("table tbody tr")
    problems.first.wait_for()
    assert problems.count() == 2
    shot("two rows with problems")
    page.get_by_role("button", name="Upload the corrected file").click()
    page.get_by_label("Student list (CSV or XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 3 students").click()
    page.get_by_text("New accounts, invited by email to set their password").wait_for()
    shot("three students imported")

    # A student who signed up on their own is verified.
    sign_out(page)
    page.goto("/accounts/signup/")
    page.get_by_label("Full name").fill("钱多多")
    page.get_by_label("Email").fill("qian.duoduo@ahu.example")
    page.get_by_label("Password", exact=True).fill("Yellow-Mountain-9")
    page.get_by_label("Password (again)").fill("Yellow-Mountain-9")
    page.get_by_label("Service center").select_option(label="Anhui University Mentorship Center")
    page.get_by_label("I join as").select_option(label="Student")
    page.get_by_role("button", name="Sign Up", exact=True).click()
    page.goto(
        link_in_last_email(
            mail.outbox, "qian.duoduo@ahu.example", r"https?://\S+/confirm-email/\S+"
        )
    )
    page.get_by_role("button", name="Confirm").click()
    # A student whose profile is incomplete lands on completing it.
    sign_in(page, "qian.duoduo@ahu.example", "Yellow-Mountain-9")
    page.get_by_role("heading", name="Complete your profile").wait_for()
    page.get_by_label("University").select_option(label="Anhui University")
    page.get_by_label("Major").fill("金融学")
    page.get_by_label("Degree").select_option(label="Bachelor")
    page.get_by_label("Graduation year").fill("2027")
    page.get_by_label("Student number").fill("Y2023099")
    page.get_by_label("Mobile phone").fill("13855100999")
    page.get_by_role("button", name="Save my profile").click()
    page.get_by_text("Your profile is saved").wait_for()
    sign_out(page)

    # The coordinator lands on the console.
    sign_in(page, "li.coordinator@ahu.example", "Anhui-Center-2026")
    page.get_by_role("heading", name="Coordinator console").wait_for()
    nav_to(page, "Administration", "Students")
    page.get_by_label("Verification").select_option(label="Not verified")
    page.get_by_role("button", name="Filter").click()
    shot("students to verify")
    page.get_by_role("row", name="钱多多").get_by_role("button", name="Verify").click()
    page.get_by_text("1 students verified.").wait_for()
    shot("student verified")
    sign_out(page)

    # The public home shows the center's name and colour.
    page.goto("/c/ahu/")
    page.get_by_role("heading", name="Anhui University Mentorship Center").wait_for()
    assert "Hefei · hosted by Anhui University" in page.locator("main").inner_text()
    brand = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()"
    )
    assert brand == "#8a1538"
    shot("the center's public home with its branding")
