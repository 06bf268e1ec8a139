"""Events pages read in their own words in Chinese, not in the words of training bases or
positions that share an English word with them (kind, title, description, published)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from mentorship.scoping import center_scope
from tests.events.factories import EventFactory
from tests.students.factories import PositionFactory, TrainingBaseFactory, representative_of

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
BORROWED = ("基地类型", "岗位名称", "岗位描述", "发布时间")


def _main(response) -> str:
    return re.search(r"(?s)<main.*</main>", response.content.decode()).group(0)


def _zh(client, name, center, **kwargs):
    url = reverse(f"center:events:{name}", kwargs={"center_slug": center.slug, **kwargs})
    return _main(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans"))


@pytest.fixture
def event(center):
    with center_scope(center):
        return EventFactory(center=center, starts_at=NOW.replace(day=20))


@time_machine.travel(NOW, tick=False)
def test_the_event_form_names_kind_title_and_description_as_an_event_s(client, center, coordinator):
    client.force_login(coordinator)
    page = _zh(client, "create", center)
    for word in ("活动类型", "活动标题", "活动介绍", "开始时间", "结束时间"):
        assert f">{word}</label>" in page, word
    for word in BORROWED:
        assert word not in page


@time_machine.travel(NOW, tick=False)
def test_the_manage_list_heads_its_columns_as_an_event_s(client, center, coordinator, event):
    client.force_login(coordinator)
    page = _zh(client, "manage", center)
    heads = re.findall(r"<th[^>]*>([^<]+)</th>", page)
    assert heads == ["活动标题", "活动类型", "开始时间", "地点", "名额", "已报名", "状态"]
    assert re.search(r"<td[^>]*>已发布</td>", page)
    for word in BORROWED:
        assert word not in page


@time_machine.travel(NOW, tick=False)
def test_the_event_page_shows_published_as_a_state(client, center, coordinator, event):
    client.force_login(coordinator)
    page = _zh(client, "detail", center, pk=event.pk)
    assert '<span class="badge">已发布</span>' in page
    assert "讲座或培训" in page
    for word in BORROWED:
        assert word not in page


@time_machine.travel(NOW, tick=False)
def test_positions_and_bases_keep_their_own_words(client, center, unscoped):
    base = TrainingBaseFactory(center=center)
    rep = representative_of(base.enterprise, center)
    position = PositionFactory(base=base, published_at=NOW)
    client.force_login(rep)
    positions = _main(
        client.get(
            reverse(
                "center:bases:base_positions", kwargs={"center_slug": center.slug, "pk": base.pk}
            ),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    )
    assert "<th>岗位名称</th>" in positions
    detail = _main(
        client.get(
            reverse(
                "center:bases:position_detail",
                kwargs={"center_slug": center.slug, "pk": position.pk},
            ),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    )
    assert "<dt>发布时间</dt>" in detail and "<h2>岗位描述</h2>" in detail
    bases = _main(
        client.get(
            reverse("center:bases:base_list", kwargs={"center_slug": center.slug}),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    )
    assert "<th>基地类型</th>" in bases
