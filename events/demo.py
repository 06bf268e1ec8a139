"""Demo events: the launch ceremony, the Mentors and Friends Forum, lectures, a fair.

Each event is drafted and published by the center's coordinator through the services, ten
days before today (`mentorship.demo`), so the audit trail shows who announced it.
Running it again leaves the events that exist as they are.
"""

from datetime import timedelta

from django.utils import timezone

from events.models import Event
from events.services import event_publish, event_save
from mentorship.demo import at, days_before, demo_coordinator, moment, register_demo
from mentorship.models import ServiceCenter

K = Event.Kind

# center slug, days from today, start hour, hours long, kind, title, place, places, text
EVENTS = [
    (
        "hangzhou",
        5,
        14,
        3,
        K.CEREMONY,
        "第七届大学生就业创业导师制启动仪式暨首届职业生涯共创节",
        "浙江财经大学下沙校区",
        1000,
        "杭州市人力资源和社会保障局主办，杭州市就业服务中心、浙江财经大学承办。",
    ),
    (
        "hangzhou",
        5,
        17,
        2,
        K.FORUM,
        "导师导友论坛",
        "浙江财经大学下沙校区大礼堂",
        1000,
        "五位优秀“导师”“导友”以TED演讲形式分享就业创业主题。",
    ),
    (
        "hangzhou",
        9,
        19,
        2,
        K.LECTURE,
        "如何写好第一份简历",
        "浙江大学紫金港校区东1A-201",
        200,
        "资深HR逐段点评简历，现场答疑。",
    ),
    (
        "hangzhou",
        12,
        9,
        6,
        K.FAIR,
        "杭州市大学生综合招聘会（冬季）",
        "杭州国际博览中心",
        5000,
        "200余家企业提供实习与就业岗位，联合高校共同举办。",
    ),
    (
        "hangzhou",
        15,
        14,
        3,
        K.TUTOR,
        "“面对面”导师咨询日",
        "杭州电子科技大学大学生活动中心",
        150,
        "导师一对一职业咨询，每人20分钟，请提前预约。",
    ),
    (
        "hangzhou",
        20,
        14,
        2,
        K.VISIT,
        "走进阿里巴巴：职场体验日",
        "阿里巴巴西溪园区",
        60,
        "参观园区，与技术团队交流，了解实习生成长路径。",
    ),
    (
        "huangshan",
        8,
        15,
        2,
        K.LECTURE,
        "文旅行业的就业机会",
        "黄山学院图书馆报告厅",
        300,
        "黄山旅游发展股份有限公司人力资源部分享。",
    ),
    (
        "huangshan",
        18,
        9,
        5,
        K.ROADSHOW,
        "“你的点子”创业项目路演",
        "黄山学院创新创业中心",
        120,
        "学生团队路演，导师现场评审。",
    ),
]


def seed_events(stdout=None, today=None) -> None:
    """Create the demo events that do not exist yet (call inside system_scope())."""
    centers = {c.slug: c for c in ServiceCenter.objects.filter(slug__in={e[0] for e in EVENTS})}
    today = today or timezone.localdate()
    announced = days_before(today, 10, 9)
    for n, (slug, days, hour, hours, kind, title, place, places, text) in enumerate(EVENTS):
        center = centers.get(slug)
        if center is None or Event.objects.filter(center=center, title=title).exists():
            continue
        starts = moment(today + timedelta(days=days), hour)
        with at(announced + timedelta(minutes=20 * n)):
            act = {"center": center, "actor": demo_coordinator(center)}
            event = event_save(
                **act,
                kind=kind,
                title=title,
                description=text,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                location=place,
                capacity=places,
            )
            event_publish(**act, event=event)
    if stdout:
        stdout.write(f"Events: {len(EVENTS)} published.")


register_demo(seed_events, order=40)
