"""The dashboards and the open data read the aggregates, and only what each reader may see."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from bases.models import TrainingBase
from mentorship.figures import recompute_center
from mentorship.models import Role
from mentorship.scoping import center_scope
from students.models import StudentProfile
from tests.factories import ServiceCenterFactory, UserFactory
from tests.figures.world import build_world
from tests.students.factories import PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(center, other_center):
    build_world(center, other_center)
    for each in (center, other_center):
        with center_scope(each):
            recompute_center(center=each)
    return center


@pytest.fixture
def program_staff(db):
    return UserFactory(is_program_staff=True)


def text(response):
    return response.content.decode()


def test_public_page_shows_the_published_figures_of_every_center(client, world):
    page = client.get("/figures/?year=2026&figure=students.trainees")
    body = text(page)
    assert page.status_code == 200
    assert "Trainees" in body and "Positions published" in body
    # Subsidies paid is not a published figure.
    assert "Subsidies paid" not in body and "5,000.50" not in body
    # Two trainees in Alpha, one in Beta: counts under five read "<5", the centers side by side.
    assert "Alpha Center" in body and "Beta Center" in body
    assert "&lt;5" in body
    assert 'data-chart="chart-data-trend"' in body and 'id="chart-data-kinds"' in body
    assert "js/figures.js" in body and "vendor/echarts/echarts.min.js" in body


def test_public_page_reads_only_the_aggregates(client, world):
    """Rows written since the last recount do not show until the hourly recount."""
    with scopes_disabled():
        base = TrainingBase.objects.filter(center=world).first()
        PositionFactory(base=base, openings=400)
    assert "400" not in text(client.get("/figures/?year=2026&figure=bases.openings_offered"))
    with center_scope(world):
        recompute_center(center=world)
    assert "400" in text(client.get("/figures/?year=2026&figure=bases.openings_offered"))


def test_public_page_refuses_an_unpublished_figure_quietly(client, world):
    body = text(client.get("/figures/?figure=subsidies.paid_amount&year=2026"))
    assert "Subsidies paid" not in body


def test_center_dashboard_shows_the_centers_own_figures(client, world, member_factory):
    coordinator = member_factory(world, Role.COORDINATOR)
    client.force_login(coordinator)
    body = text(client.get("/c/alpha/figures/?year=2026&figure=subsidies.paid_amount"))
    assert "Subsidies paid" in body and "5,000.50" in body
    assert "Beta Center" not in body
    trainees = text(client.get("/c/alpha/figures/?year=2026&figure=students.trainees"))
    # No breakdown by center on a center's own page; the kinds of its trainees are there.
    assert 'id="chart-data-centers"' not in trainees and 'id="chart-data-kinds"' in trainees


def test_program_staff_drill_down_from_the_program_into_a_center(client, world, program_staff):
    client.force_login(program_staff)
    program = text(client.get(reverse("program_figures") + "?year=2026&figure=students.trainees"))
    assert "Alpha Center" in program and "Beta Center" in program
    assert "?center=alpha&amp;year=2026&amp;figure=students.trainees" in program
    drilled = text(
        client.get(reverse("program_figures") + "?center=beta&year=2026&figure=students.trainees")
    )
    assert "Figures of Beta Center" in drilled
    assert 'id="chart-data-centers"' not in drilled


def test_others_do_not_open_the_program_dashboard(client, world, member_factory):
    assert client.get(reverse("program_figures")).status_code == 302
    client.force_login(member_factory(world, Role.COORDINATOR))
    assert client.get(reverse("program_figures")).status_code == 403


def test_chart_data_downloads_as_csv_with_a_bom(client, world):
    response = client.get("/figures/?year=2026&figure=students.applications&download=trend")
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0] == ["Month", "2026", "2025"]
    assert rows[1] == ["Jan", "<5", "0"]
    # The suite's today is in March: December has no figure yet; last December had one.
    assert rows[12] == ["Dec", "—", "<5"]


def test_open_data_json_carries_its_metadata_and_hides_small_counts(client, world):
    response = client.get("/figures/data/students.trainees.json")
    data = json.loads(response.content)
    meta = data["metadata"]
    assert meta["unit"] == "count" and meta["licence"] == "CC BY 4.0"
    assert meta["definition"]["en"].startswith("Students who started a placement")
    assert meta["definition"]["zh-hans"] != meta["definition"]["en"]
    assert meta["updated_at"] and meta["source"]["en"] and meta["period"] == "all"
    assert {v["center"] for v in data["values"]} == {"alpha", "beta"}
    assert all(v["value"] is None and v["suppressed"] for v in data["values"])


def test_open_data_shows_counts_of_five_and_more(client, world):
    with scopes_disabled():
        base = TrainingBase.objects.filter(center=world).first()
        for _ in range(5):
            PositionFactory(base=base)
    with center_scope(world):
        recompute_center(center=world)
    values = json.loads(client.get("/figures/data/bases.positions_open.json?year=2026").content)
    march = [v for v in values["values"] if v["month"] == 3]
    assert march == [
        {
            "year": 2026,
            "month": 3,
            "center": "alpha",
            "center_name_zh": "甲中心",
            "center_name_en": "Alpha Center",
            "kind": "",
            "value": 5,
            "suppressed": False,
        }
    ]


def test_open_data_csv_is_utf8_with_a_bom_and_no_personal_data(client, world):
    response = client.get("/figures/data/students.applications.csv")
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff") and "CC BY 4.0" in content
    assert "year,month,center,center_name_zh,center_name_en,kind,value" in content
    with scopes_disabled():
        for student in StudentProfile.objects.select_related("user"):
            assert student.user.email not in content and student.phone not in content


def test_open_data_of_an_unpublished_or_unknown_figure_is_404(client, world):
    assert client.get("/figures/data/subsidies.paid_amount.json").status_code == 404
    assert client.get("/figures/data/nothing.csv").status_code == 404


def test_a_center_still_applying_is_not_published(client, world):
    applying = ServiceCenterFactory(slug="gamma", name_en="Gamma Center", status="applied")
    with center_scope(applying):
        recompute_center(center=applying)
    assert "Gamma Center" not in text(client.get("/figures/"))


def test_dashboards_ask_a_constant_number_of_queries(
    client, world, program_staff, django_assert_max_num_queries
):
    for slug in ("c1", "c2", "c3", "c4"):
        ServiceCenterFactory(slug=slug)
    client.force_login(program_staff)
    with django_assert_max_num_queries(40):
        client.get(reverse("program_figures") + "?figure=students.trainees&year=2026")
    with django_assert_max_num_queries(30):
        client.get("/figures/?figure=students.trainees&year=2026")


def test_public_cards_hide_a_change_between_small_counts(client, world):
    body = text(client.get("/figures/?year=2026&figure=bases.recognized_training_bases"))
    # One base recognized in 2026 and two in 2025, all under five: neither the count nor the
    # change on last year is told.
    card = body.split('aria-current="true"')[1].split("</article>")[0]
    assert "&lt;5" in card and "%" not in card
    assert "Change on last year not shown: counts under 5" in card


@pytest.mark.parametrize(
    "path",
    [
        "/figures/?year=2026&figure=students.trainees",
        "/program/figures/?year=2026&figure=students.applications",
        "/program/figures/?center=alpha&figure=subsidies.paid_amount",
        "/figures/data/students.applications.json",
        "/figures/data/bases.positions_open.csv",
    ],
)
def test_figures_pages_never_read_the_raw_rows(client, world, program_staff, path):
    """At program scale a page that counted applications would take seconds."""
    client.force_login(program_staff)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    raw = [
        q["sql"]
        for q in queries
        if any(t in q["sql"] for t in ('"bases_', '"students_', '"subsidies_'))
    ]
    assert raw == []


def test_open_data_index_lists_every_published_figure(client, world):
    index = json.loads(client.get("/figures/data/").content)
    names = [entry["figure"] for entry in index["figures"]]
    assert "students.trainees" in names and "subsidies.paid_amount" not in names
    trainees = index["figures"][names.index("students.trainees")]
    assert trainees["csv"].endswith("/figures/data/students.trainees.csv")
    assert trainees["label"] == {"zh-hans": "实习（见习）学员数", "en": "Trainees"}
