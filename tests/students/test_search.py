"""Position search: only open positions of the center whose deadline has not passed,
keyword in Chinese and English, filters, sorting, and pages without a total count."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bases.models import Position
from mentorship.models import Role
from tests.students.factories import (
    EnterpriseFactory,
    PositionFactory,
    TrainingBaseFactory,
)


def search(client, center, **params):
    response = client.get(
        reverse("center:students:position_search", kwargs={"center_slug": center.slug}), params
    )
    assert response.status_code == 200
    return response


def titles(response):
    # The page holds the results' ids (their cards are drawn from the cache).
    rows = response.context["page"].object_list
    by_pk = Position.objects.in_bulk([row.pk for row in rows])
    return [by_pk[row.pk].title for row in rows]


@pytest.fixture
def catalogue(center, other_center, unscoped):
    today = timezone.localdate()
    ali = TrainingBaseFactory(
        center=center, enterprise=EnterpriseFactory(name_zh="阿里巴巴", name_en="Alibaba")
    )
    hik = TrainingBaseFactory(
        center=center, enterprise=EnterpriseFactory(name_zh="海康威视", name_en="Hikvision")
    )

    def make(**kwargs):
        return PositionFactory(department="", **kwargs)

    rows = {
        "data": make(
            base=ali,
            title="数据分析实习生",
            description="SQL and Python reporting",
            majors="统计学",
            city="杭州",
            duration_months=6,
            stipend=Decimal("4500"),
            deadline=today + timedelta(days=3),
            published_at=timezone.now() - timedelta(days=3),
        ),
        "java": make(
            base=ali,
            title="Java Backend Intern",
            description="微服务 开发",
            majors="计算机科学, 软件工程",
            city="杭州",
            duration_months=3,
            stipend=Decimal("6000"),
            deadline=today + timedelta(days=20),
            published_at=timezone.now() - timedelta(days=2),
        ),
        "vision": make(
            base=hik,
            title="视觉算法实习生",
            description="Computer vision research",
            majors="",
            city="宁波",
            duration_months=4,
            stipend=Decimal("3000"),
            deadline=today,
            published_at=timezone.now() - timedelta(days=1),
        ),
    }
    # Never listed: a draft, a closed one, a filled one, a passed deadline, another center.
    make(base=ali, title="草稿岗位", status=Position.Status.DRAFT)
    make(base=ali, title="Closed role", status=Position.Status.CLOSED)
    make(base=ali, title="Filled role", status=Position.Status.FILLED)
    make(base=ali, title="Late role", deadline=today - timedelta(days=1))
    make(base=TrainingBaseFactory(center=other_center), title="Foreign role 数据")
    return rows


def test_lists_only_open_positions_of_this_center(client, center, catalogue):
    response = search(client, center)
    assert titles(response) == ["视觉算法实习生", "Java Backend Intern", "数据分析实习生"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("数据", ["数据分析实习生"]),
        ("java", ["Java Backend Intern"]),
        ("JAVA 微服务", ["Java Backend Intern"]),
        ("alibaba", ["Java Backend Intern", "数据分析实习生"]),
        ("海康", ["视觉算法实习生"]),
        ("vision", ["视觉算法实习生"]),
        ("区块链", []),
    ],
)
def test_keyword_in_chinese_and_english(client, center, catalogue, q, expected):
    assert titles(search(client, center, q=q)) == expected


def test_filters(client, center, catalogue):
    assert titles(search(client, center, city="宁波")) == ["视觉算法实习生"]
    assert titles(search(client, center, duration="6")) == ["数据分析实习生"]
    assert titles(search(client, center, min_stipend="5000")) == ["Java Backend Intern"]
    ali = catalogue["data"].base.enterprise_id
    assert titles(search(client, center, enterprise=str(ali))) == [
        "Java Backend Intern",
        "数据分析实习生",
    ]
    # A position naming no majors is open to every major.
    assert titles(search(client, center, major="软件工程")) == [
        "视觉算法实习生",
        "Java Backend Intern",
    ]


def test_sorting(client, center, catalogue):
    assert titles(search(client, center, sort="stipend"))[0] == "Java Backend Intern"
    assert titles(search(client, center, sort="deadline")) == [
        "视觉算法实习生",
        "数据分析实习生",
        "Java Backend Intern",
    ]


def test_bad_filter_values_are_ignored_not_failing(client, center, catalogue):
    response = search(client, center, duration="abc", sort="evil", page="-3")
    assert len(titles(response)) == 3
    # An overlong name is dropped like any bad value; a short one is a name to look for.
    assert len(titles(search(client, center, enterprise="x" * 500))) == 3
    response = search(client, center, enterprise="x")
    assert response.status_code == 200 and titles(response) == []


def test_pages_have_previous_and_next_but_no_count(client, center, unscoped, monkeypatch):
    from students import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    base = TrainingBaseFactory(center=center)
    for n in range(5):
        PositionFactory(base=base, title=f"P{n}", published_at=timezone.now() - timedelta(hours=n))
    first = search(client, center)
    assert titles(first) == ["P0", "P1"]
    assert first.context["page"].has_next
    assert 'rel="next"' in first.content.decode()
    assert 'rel="prev"' not in first.content.decode()
    last = search(client, center, page="3")
    assert titles(last) == ["P4"]
    assert not last.context["page"].has_next
    assert 'rel="prev"' in last.content.decode()


def test_filters_stay_in_pager_links(client, center, unscoped, monkeypatch):
    from students import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    base = TrainingBaseFactory(center=center)
    PositionFactory.create_batch(2, base=base, city="杭州")
    body = search(client, center, city="杭州").content.decode()
    assert "city=%E6%9D%AD%E5%B7%9E&amp;page=2" in body


def test_student_sees_which_positions_they_applied_for(client, center, member_factory, world):
    from tests.students.factories import ApplicationFactory

    ApplicationFactory(position=world.position, student=world.profile)
    client.force_login(world.student)
    body = search(client, center).content.decode()
    assert "status-submitted" in body or "You applied" in body or "已申请" in body


def test_anyone_may_search_and_read_a_position(client, center, world):
    assert world.position.title in search(client, center).content.decode()
    detail = client.get(
        reverse(
            "center:students:position_detail",
            kwargs={"center_slug": center.slug, "pk": world.position.pk},
        )
    )
    assert detail.status_code == 200
    assert world.position.title in detail.content.decode()


def test_draft_position_is_404(client, center, world, member_factory):
    Position.objects.filter(pk=world.position.pk).update(status=Position.Status.DRAFT)
    client.force_login(member_factory(center, Role.STUDENT))
    response = client.get(
        reverse(
            "center:students:position_detail",
            kwargs={"center_slug": center.slug, "pk": world.position.pk},
        )
    )
    assert response.status_code == 404


def test_the_enterprise_field_takes_a_typed_name_and_suggests_names(client, center, catalogue):
    assert titles(search(client, center, enterprise="阿里")) == [
        "Java Backend Intern",
        "数据分析实习生",
    ]
    assert titles(search(client, center, enterprise="hikvision")) == ["视觉算法实习生"]
    page = search(client, center).content.decode()
    # The page lists no enterprise as an option: a center has hundreds of them.
    assert "Hikvision</option>" not in page and 'list="enterprise-suggestions"' in page
    url = reverse("center:students:enterprise_suggest", kwargs={"center_slug": center.slug})
    assert client.get(url, {"q": "ali"}).json() == {"names": ["Alibaba"]}
    chinese = client.get(url, {"q": "视"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.json() == {"names": ["海康威视"]}
    assert client.get(url, {"q": " "}).json() == {"names": []}


def test_a_cached_card_is_drawn_anew_when_its_position_changes(client, center, catalogue):
    data = catalogue["data"]
    assert "数据分析实习生" in search(client, center).content.decode()
    data.title = "数据工程实习生"
    data.save()
    body = search(client, center).content.decode()
    assert "数据工程实习生" in body and "数据分析实习生" not in body
    url = reverse("center:students:position_search", kwargs={"center_slug": center.slug})
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = search(client, center).content.decode()
    assert "个月" in chinese and "months" in english


def test_the_applied_badge_is_only_on_the_applicants_page(client, center, member_factory, world):
    from tests.students.factories import ApplicationFactory, StudentProfileFactory

    ApplicationFactory(position=world.position, student=world.profile)
    client.force_login(world.student)
    assert "You applied" in search(client, center).content.decode()
    other = StudentProfileFactory(center=center)
    client.force_login(other.user)
    body = search(client, center).content.decode()
    assert world.position.title in body and "You applied" not in body
