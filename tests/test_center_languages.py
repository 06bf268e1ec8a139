"""A service center's city and host institution read in the reader's language, like its name,
and are edited in both languages wherever the name is."""

import re

import pytest
from django.urls import reverse

from mentorship import services
from mentorship.models import CenterApplication, Role, ServiceCenter, University
from mentorship.scoping import center_scope
from tests.factories import ServiceCenterFactory, UserFactory
from tests.test_center_admin import application_fields

pytestmark = pytest.mark.django_db

ZH, EN = "zh-hans", "en"


@pytest.fixture
def hangzhou(db):
    return ServiceCenterFactory(
        slug="hz",
        name_zh="杭州导师制服务中心",
        name_en="Hangzhou Mentorship Service Center",
        city="杭州",
        city_en="Hangzhou",
        host_institution="杭州市就业服务中心",
        host_institution_en="Hangzhou Employment Service Center",
    )


@pytest.fixture
def untranslated(db):
    """A center whose English city and host were never given."""
    return ServiceCenterFactory(
        slug="hs", city="黄山", host_institution="黄山学院", city_en="", host_institution_en=""
    )


def _get(client, path, language):
    return client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        (EN, "Hangzhou · Hangzhou Employment Service Center", "杭州 · 杭州市就业服务中心"),
        (ZH, "杭州 · 杭州市就业服务中心", "Hangzhou · Hangzhou Employment Service Center"),
    ],
)
def test_center_cards_and_home_read_in_the_reader_s_language(
    client, hangzhou, language, shown, hidden
):
    cards = _get(client, reverse("home"), language)
    assert shown in cards and hidden not in cards
    center_home = _get(client, reverse("center:home", kwargs={"center_slug": "hz"}), language)
    city, host = shown.split(" · ")
    assert f"{city} · " in center_home and host in center_home
    assert hidden.split(" · ")[1] not in center_home


def test_an_empty_english_city_falls_back_to_the_chinese(client, untranslated):
    assert "黄山 · 黄山学院" in _get(client, reverse("home"), EN)


@pytest.mark.parametrize(("language", "city"), [(EN, "Hangzhou"), (ZH, "杭州")])
def test_program_console_city_column_follows_the_language(client, hangzhou, language, city):
    client.force_login(UserFactory(is_program_staff=True))
    page = _get(client, reverse("program_console"), language)
    assert re.search(rf"<td[^>]*>{city}</td>", page)


def test_coordinator_edits_city_and_host_in_both_languages(client, hangzhou, member_factory):
    coordinator = member_factory(hangzhou, Role.COORDINATOR)
    client.force_login(coordinator)
    settings_url = reverse("center:settings", kwargs={"center_slug": "hz"})
    form_page = _get(client, settings_url, EN)
    assert 'name="city_en"' in form_page and 'name="host_institution_en"' in form_page
    response = client.post(
        settings_url,
        {
            "name_zh": hangzhou.name_zh,
            "name_en": hangzhou.name_en,
            "city": "杭州市",
            "city_en": "Hangzhou City",
            "host_institution": "杭州市人才服务中心",
            "host_institution_en": "Hangzhou Talent Service Center",
            "brand_color": "#1d5fa8",
        },
    )
    assert response.status_code == 302
    hangzhou.refresh_from_db()
    assert (hangzhou.city_en, hangzhou.host_institution_en) == (
        "Hangzhou City",
        "Hangzhou Talent Service Center",
    )
    assert "Hangzhou City · Hangzhou Talent Service Center" in _get(client, reverse("home"), EN)


def test_an_application_gives_both_languages_and_licensing_keeps_them(client):
    response = client.post(
        reverse("center_apply"),
        application_fields(institution_en="Anhui University", city_en="Hefei"),
    )
    assert response.status_code == 302
    application = CenterApplication.objects.get()
    assert (application.institution_en, application.city_en) == ("Anhui University", "Hefei")
    client.force_login(UserFactory(is_program_staff=True))
    detail = reverse("program_application", kwargs={"pk": application.pk})
    page = _get(client, detail, EN)
    assert "<h1>Anhui University</h1>" in page
    assert 'name="city_en" value="Hefei"' in page  # the license form starts from the application
    assert "<h1>安徽大学</h1>" in _get(client, detail, ZH)
    listing = _get(client, reverse("program_applications"), EN)
    assert re.search(r"<td[^>]*>Hefei</td>", listing)
    client.post(
        detail,
        {
            "license": "1",
            "slug": "ahu",
            "name_zh": "安徽大学导师制服务中心",
            "name_en": "Anhui University Service Center",
            "city": "合肥",
            "city_en": "Hefei",
            "host_institution": "安徽大学",
            "host_institution_en": "Anhui University (Qingyuan Campus)",
        },
    )
    center = ServiceCenter.objects.get(slug="ahu")
    assert (center.city, center.city_en) == ("合肥", "Hefei")
    assert center.host_institution_en == "Anhui University (Qingyuan Campus)"
    with center_scope(center):
        university = University.objects.get()
    assert (university.name_zh, university.name_en) == ("安徽大学", "Anhui University")


def test_licensing_without_the_fields_takes_the_application_s(db):
    staff = UserFactory(is_program_staff=True)
    application = services.center_apply(
        applicant=UserFactory(), **application_fields(institution_en="Anhui University")
    )
    center = services.center_application_license(
        actor=staff, application=application, slug="ahu", name_zh="安徽", name_en="Anhui"
    )
    assert (center.city, center.host_institution, center.host_institution_en) == (
        "合肥",
        "安徽大学",
        "Anhui University",
    )
