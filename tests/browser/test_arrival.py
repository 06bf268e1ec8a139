"""Getting people to the right place: sign-up from a center's page, the account's language
at sign-in, and where each role lands, clicked through in Chromium in both languages."""

import pytest
from django_scopes import scopes_disabled

from mentorship.models import Membership, Role, User
from tests.factories import PASSWORD, MembershipFactory, ServiceCenterFactory, UserFactory
from tests.students.factories import StudentProfileFactory

pytestmark = pytest.mark.browser

ZH_BROWSER = {"locale": "zh-CN", "extra_http_headers": {"Accept-Language": "zh-CN,zh;q=0.9"}}
EN_BROWSER = {"locale": "en-US", "extra_http_headers": {"Accept-Language": "en-US,en;q=0.9"}}


@pytest.fixture
def centers(transactional_db):
    hangzhou = ServiceCenterFactory(
        slug="hangzhou",
        name_zh="杭州市大学生就业创业导师制服务中心",
        name_en="Hangzhou Mentorship Service Center",
    )
    huangshan = ServiceCenterFactory(
        slug="huangshan",
        name_zh="黄山学院导师制服务中心",
        name_en="Huangshan University Service Center",
        city="黄山",
    )
    return hangzhou, huangshan


def member(center, role, **user_fields):
    user = UserFactory(**user_fields)
    with scopes_disabled():
        MembershipFactory(center=center, user=user, role=role)
    return user


@pytest.fixture
def open_browser(browser, live_server):
    """open_browser(**context options) -> a new page in a browser of its own."""
    contexts = []

    def make(**options):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in_by_form(page, email):
    """Sign in whatever language the page speaks: the fields by name, the form's button."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def chosen_center(page) -> str:
    select = page.locator("select[name=center]")
    return select.evaluate("s => s.options[s.selectedIndex].text")


# 1. Sign-up from a center's page


def test_sign_up_from_a_center_page_has_that_center_chosen_in_english(
    page, shot, centers, live_server
):
    _hangzhou, huangshan = centers
    page.goto("/c/huangshan/")
    # Shown as a button, it is a link to the sign-up page.
    page.locator("main").get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/signup/?center=huangshan")
    assert chosen_center(page) == "Huangshan University Service Center"
    shot("sign-up from Huangshan")

    page.get_by_label("Full name").fill("Qian Duoduo")
    page.get_by_label("Email").fill("qian.duoduo@students.example")
    page.get_by_label("Password", exact=True).fill("Yellow-Mountain-9")
    page.get_by_label("Password (again)").fill("Yellow-Mountain-9")
    page.locator("main").get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()
    user = User.objects.get(email="qian.duoduo@students.example")
    with scopes_disabled():
        assert list(Membership.objects.filter(user=user).values_list("center", "role")) == [
            (huangshan.pk, Role.STUDENT)
        ]


def test_sign_up_from_a_center_page_has_that_center_chosen_in_chinese(open_browser, shot, centers):
    page = open_browser(**ZH_BROWSER)
    page.goto("/c/huangshan/")
    # The header's link names the center too.
    page.locator("header").get_by_role("button", name="注册").click()
    page.wait_for_url("**/accounts/signup/?center=huangshan")
    assert chosen_center(page) == "黄山学院导师制服务中心"
    shot("注册-黄山", target=page)

    page.goto("/accounts/signup/?center=no-such-center")
    assert chosen_center(page) == "杭州市大学生就业创业导师制服务中心"


# 2. The account's language at sign-in


def test_english_account_signs_in_from_a_chinese_browser_and_sees_english(
    open_browser, shot, centers
):
    hangzhou, _ = centers
    coordinator = member(hangzhou, Role.COORDINATOR, language="en")
    page = open_browser(**ZH_BROWSER)
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    shot("login page in Chinese", target=page)
    sign_in_by_form(page, coordinator.email)
    page.get_by_role("heading", name="Coordinator console").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    shot("console in English", target=page)
    # And the next page too: the language is remembered, not just shown once.
    page.goto("/c/hangzhou/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_chinese_account_signs_in_from_an_english_browser_and_sees_chinese(
    open_browser, shot, centers
):
    hangzhou, _ = centers
    coordinator = member(hangzhou, Role.COORDINATOR, language="zh-hans")
    page = open_browser(**EN_BROWSER)
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    sign_in_by_form(page, coordinator.email)
    page.get_by_role("heading", name="协调员工作台").wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    shot("工作台-中文", target=page)


# 3. Where each role lands


@pytest.mark.parametrize(
    ("browser_options", "heading", "notice"),
    [
        (EN_BROWSER, "Complete your profile", "Fill in every field marked *"),
        (ZH_BROWSER, "完善您的资料", "请填写所有标有*的项目"),
    ],
    ids=["en", "zh"],
)
def test_student_with_an_incomplete_profile_lands_on_completing_it(
    open_browser, shot, centers, browser_options, heading, notice
):
    _, huangshan = centers
    with scopes_disabled():
        profile = StudentProfileFactory(center=huangshan, phone="", resume=None)
    page = open_browser(**browser_options)
    sign_in_by_form(page, profile.user.email)
    page.get_by_role("heading", name=heading).wait_for()
    assert page.url.endswith("/c/huangshan/student/profile/")
    assert notice in page.locator("main").inner_text()
    shot(f"student lands on profile {browser_options['locale']}", target=page)


def test_student_with_a_complete_profile_lands_on_their_recommendations(open_browser, centers):
    _, huangshan = centers
    with scopes_disabled():
        profile = StudentProfileFactory(center=huangshan)
    page = open_browser(**EN_BROWSER)
    sign_in_by_form(page, profile.user.email)
    assert page.url.endswith("/c/huangshan/student/")


@pytest.mark.parametrize(
    ("browser_options", "heading"),
    [(EN_BROWSER, "Coordinator console"), (ZH_BROWSER, "协调员工作台")],
    ids=["en", "zh"],
)
def test_coordinator_lands_on_the_console_and_reads_the_bases(
    open_browser, shot, centers, browser_options, heading
):
    from tests.bases.factories import TrainingBaseFactory

    hangzhou, _ = centers
    coordinator = member(hangzhou, Role.COORDINATOR)
    with scopes_disabled():
        waiting = TrainingBaseFactory(center=hangzhou, under_review=True)
    page = open_browser(**browser_options)
    sign_in_by_form(page, coordinator.email)
    page.get_by_role("heading", name=heading).wait_for()
    assert page.url.endswith("/c/hangzhou/console/")
    shot(f"coordinator console {browser_options['locale']}", target=page)

    # The figure links to the applications it counts; they open read-only.
    page.locator("article", has=page.locator("p.figure")).first.locator("small a").click()
    page.wait_for_load_state()
    assert "/bases/review/" in page.url
    shot(f"coordinator reads the bases {browser_options['locale']}", target=page)
    page.locator("main table a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/bases/{waiting.pk}/")
    assert page.locator("main form[action*='recognize']").count() == 0
    shot(f"coordinator reads an application {browser_options['locale']}", target=page)


@pytest.mark.parametrize(
    ("browser_options", "heading", "join_words"),
    [(EN_BROWSER, "Program console", "I join as"), (ZH_BROWSER, "项目办工作台", "加入身份")],
    ids=["en", "zh"],
)
def test_program_staff_land_on_the_program_console_and_are_not_asked_to_join(
    open_browser, shot, centers, browser_options, heading, join_words
):
    staff = UserFactory(is_program_staff=True, name="项目办 王敏")
    page = open_browser(**browser_options)
    sign_in_by_form(page, staff.email)
    page.get_by_role("heading", name=heading).first.wait_for()
    assert page.url.endswith("/program/")
    shot(f"program console {browser_options['locale']}", target=page)

    page.goto("/c/huangshan/")
    main = page.locator("main").inner_text()
    assert join_words not in main
    shot(f"center home for program staff {browser_options['locale']}", target=page)
    page.goto("/dashboard/")
    assert "You are not a member" not in page.locator("main").inner_text()
    assert "您尚未加入" not in page.locator("main").inner_text()
