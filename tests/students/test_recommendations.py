"""Recommendations on the student's home: a hand-built world where the order is plain,
each with its reason, never a position the student applied to, and a constant number of
queries however many positions and applications there are."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bases.models import Position
from mentorship.scoping import center_scope
from students.recommendations import recommend
from tests.students.factories import (
    ApplicationFactory,
    PositionFactory,
    StudentProfileFactory,
    TrainingBaseFactory,
)


@pytest.fixture
def shop(center, unscoped):
    """A statistics student who knows Python and applied once to a data-visualization job."""
    today = timezone.localdate()
    profile = StudentProfileFactory(center=center, major="统计学", skills="Python, SQL")
    liked = TrainingBaseFactory(center=center)
    other = TrainingBaseFactory(center=center)
    applied = PositionFactory(base=liked, title="数据可视化助理 Data visualization", majors="")
    ApplicationFactory(position=applied, student=profile)
    positions = {
        "major": PositionFactory(
            base=other,
            title="统计分析 Statistician",
            majors="统计学",
            description="用 Python 做回归分析",
            stipend=Decimal("6000"),
        ),
        "similar": PositionFactory(
            base=liked,
            title="数据可视化助理 Data visualization",
            majors="市场营销",
            stipend=Decimal("3000"),
        ),
        "open": PositionFactory(
            base=other, title="行政专员 Office", majors="", stipend=Decimal("3000")
        ),
        "closing": PositionFactory(
            base=other,
            title="法务专员 Legal",
            majors="法学",
            stipend=Decimal("2000"),
            deadline=today + timedelta(days=3),
        ),
    }
    PositionFactory(
        base=other, title="已关闭 Closed", majors="统计学", status=Position.Status.CLOSED
    )
    return center, profile, applied, positions


def test_order_and_reasons_follow_what_fits_the_student(shop):
    center, profile, applied, positions = shop
    with center_scope(center):
        found = recommend(center=center, profile=profile)
    titles = [r.position.title for r in found]
    assert titles == [
        positions["major"].title,
        positions["similar"].title,
        positions["open"].title,
        positions["closing"].title,
    ]
    reasons = [str(r.reason) for r in found]
    assert reasons == [
        "Matches your major 统计学",
        "Similar to positions you applied for",
        "Open to every major",
        f"Closes soon, on {positions['closing'].deadline.isoformat()}",
    ]
    assert applied.pk not in [r.position.pk for r in found]


def test_home_page_shows_recommendations_with_reasons_in_chinese(shop, client):
    center, profile, applied, positions = shop
    client.force_login(profile.user)
    page = client.get(
        reverse("center:students:student_home", kwargs={"center_slug": center.slug}),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "与您的专业 统计学 匹配" in page
    assert positions["major"].title in page
    assert f"/internships/{applied.pk}/" not in page


def _queries(client, center, user):
    url = reverse("center:students:student_home", kwargs={"center_slug": center.slug})
    client.get(url)  # the frame's cache is warm from here on
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_home_page_queries_do_not_grow_with_positions_or_applications(shop, client):
    center, profile, _applied, _positions = shop
    client.force_login(profile.user)
    before = _queries(client, center, profile.user)
    base = TrainingBaseFactory(center=center)
    for n in range(40):
        position = PositionFactory(base=base, majors="统计学" if n % 2 else "")
        if n % 4 == 0:
            ApplicationFactory(position=position, student=profile)
    # One query fewer once the candidates fill the page: no top-up with the newest.
    assert _queries(client, center, profile.user) <= before
    assert before <= 12


def test_the_skills_reason_names_the_skills_the_position_asks_for(center, unscoped):
    profile = StudentProfileFactory(center=center, major="哲学", skills="SQL, Rust, 100%, Go")
    base = TrainingBaseFactory(center=center)
    asks = PositionFactory(
        base=base, majors="", description="需要 sql 和 Go 的经验", stipend=Decimal("4000")
    )
    # "100%" is no wildcard: a text with "100" and no percent sign does not name it.
    other = PositionFactory(
        base=base, majors="化学", description="整理 100 个样本", stipend=Decimal("2000")
    )
    with center_scope(center):
        found = {r.position.pk: str(r.reason) for r in recommend(center=center, profile=profile)}
    assert found[asks.pk] == "Asks for your skills: SQL, Go"
    assert "skills" not in found[other.pk]
