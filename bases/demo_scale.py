"""The bases' part of a program-scale year: enterprises with one recognized base each (a
few workplace-experience bases among them), their representatives, and the positions they
published over the year (`mentorship.bulk`)."""

from datetime import timedelta
from decimal import Decimal

from bases.models import Enterprise, Position, TrainingBase
from bases.validators import credit_code_check_char
from mentorship.bulk import ScaleWorld, copy_into, next_id, register_scale, reset_sequences
from mentorship.models import Role

# The seed's 62 workplace-experience bases among 872 internship bases.
WORKPLACE_SHARE = 0.07
NEARBY = {
    "杭州": ["杭州", "杭州", "杭州", "宁波", "绍兴", "嘉兴"],
    "上海": ["上海", "上海", "苏州"],
}
TITLES = [
    "数据分析实习生",
    "前端开发实习生",
    "Java 后端开发实习生",
    "算法工程师实习生",
    "产品经理实习生",
    "用户体验设计实习生",
    "市场营销实习生",
    "新媒体运营实习生",
    "财务实习生",
    "人力资源实习生",
    "供应链计划实习生",
    "物流调度实习生",
    "嵌入式软件开发实习生",
    "测试开发实习生",
    "销售助理实习生",
    "电商运营实习生",
    "客户成功实习生",
    "法务实习生",
    "酒店管理实习生",
    "旅游服务实习生",
    "Data Analyst Intern",
    "Frontend Engineer Intern",
    "Backend Developer Intern",
    "Machine Learning Intern",
    "Product Manager Intern",
    "UX Design Intern",
    "Marketing Intern",
    "Finance Intern",
    "Supply Chain Intern",
    "QA Engineer Intern",
]
DEPARTMENTS = ["技术部", "数据部", "市场部", "运营中心", "财务部", "研发中心", "Global Business"]
MAJORS = [
    "计算机科学与技术",
    "软件工程",
    "统计学",
    "电子商务",
    "市场营销",
    "自动化",
    "会计学",
    "物流管理",
    "英语",
    "视觉传达设计",
    "旅游管理",
    "金融学",
]
SKILLS = [
    "Python",
    "SQL",
    "Java",
    "React",
    "Excel",
    "Photoshop",
    "机器学习",
    "数据可视化",
    "直播",
    "短视频",
    "供应链",
    "财务报表",
    "云计算",
    "嵌入式",
    "PLC",
    "用户研究",
    "English",
    "Figma",
]
RARE = ["区块链", "量子计算", "Rust"]  # in about 1 % of positions: selective keywords
NAME_PARTS = [
    "星河",
    "云帆",
    "蓝海",
    "远景",
    "智联",
    "新程",
    "华策",
    "数智",
    "聚力",
    "光年",
    "青松",
]
NAME_EN = ["Xinghe", "Yunfan", "Lanhai", "Yuanjing", "Zhilian", "Xincheng", "Huace", "Shuzhi"]
INDUSTRIES = [("科技", "Technology"), ("数据", "Data"), ("物流", "Logistics"), ("文旅", "Tourism")]
OPEN, CLOSED, FILLED, DRAFT = (
    Position.Status.OPEN,
    Position.Status.CLOSED,
    Position.Status.FILLED,
    Position.Status.DRAFT,
)


def scale_bases(world: ScaleWorld) -> None:
    """Enterprises and bases (`made["bases"]`: center -> [(base, enterprise, kind)])."""
    rng, now = world.rng, world.now
    first = next_id(Enterprise)
    first_rep = next_id(Enterprise.representatives.through)
    first_base = next_id(TrainingBase)
    reps = world.made["people"][Role.ENTERPRISE]
    enterprises, links, bases, made, base_reps = [], [], [], {}, {}
    for center, n in world.per_center("bases"):
        for i in range(n):
            eid = first + len(enterprises)
            first17 = f"913301{eid:011d}"
            zh_part, en_part = rng.choice(INDUSTRIES)
            enterprises.append(
                (
                    eid,
                    f"{center.city}{rng.choice(NAME_PARTS)}{zh_part}有限公司{eid}",
                    f"{rng.choice(NAME_EN)} {en_part} Co., Ltd. {eid}",
                    first17 + credit_code_check_char(first17),
                    zh_part,
                    Enterprise.Size.MEDIUM,
                    f"{center.city}市某区某路{eid}号",
                    "人事部",
                    "0571-88880000",
                    now,
                )
            )
            links.append((first_rep + len(links), eid, reps[center.pk][i]))
            kind = (
                TrainingBase.Kind.WORKPLACE
                if rng.random() < WORKPLACE_SHARE
                else TrainingBase.Kind.INTERNSHIP
            )
            # Most bases of the year were recognized in its first months.
            recognized = world.day_in_year(early=2)
            base_id = first_base + len(bases)
            recognized_at = world.moment(recognized)
            bases.append(
                (
                    base_id,
                    center.pk,
                    eid,
                    kind,
                    TrainingBase.Status.RECOGNIZED,
                    30,
                    recognized,
                    recognized + timedelta(days=3 * 365),
                    recognized_at,
                    recognized_at,
                    recognized_at,
                    recognized_at,
                )
            )
            made.setdefault(center.pk, []).append((base_id, eid, kind, recognized))
            base_reps[base_id] = reps[center.pk][i]
    copy_into(
        Enterprise,
        [
            "id",
            "name_zh",
            "name_en",
            "credit_code",
            "industry",
            "size",
            "address",
            "contact_name",
            "contact_phone",
            "created_at",
        ],
        enterprises,
    )
    copy_into(Enterprise.representatives.through, ["id", "enterprise_id", "user_id"], links)
    copy_into(
        TrainingBase,
        [
            "id",
            "center_id",
            "enterprise_id",
            "kind",
            "status",
            "yearly_capacity",
            "recognized_from",
            "recognized_until",
            "submitted_at",
            "decided_at",
            "created_at",
            "updated_at",
        ],
        bases,
    )
    reset_sequences(Enterprise, Enterprise.representatives.through, TrainingBase)
    world.made["bases"] = made
    world.made["base_reps"] = base_reps
    world.made["enterprise_names"] = {row[0]: (row[1], row[2]) for row in enterprises}
    world.say(f"  enterprises and recognized bases: {len(bases):,}")


def scale_positions(world: ScaleWorld) -> None:
    """Positions published over the year (`made["positions"]`: center -> [Position row
    facts]); a quarter of them closed or filled since, the open ones published lately."""
    rng, today = world.rng, world.today
    first = next_id(Position)
    names = world.made["enterprise_names"]
    rows, made = [], {}
    for center, n in world.per_center("positions"):
        cities = NEARBY.get(center.city, [center.city])
        center_bases = world.made["bases"][center.pk]
        for _ in range(n):
            pid = first + len(rows)
            base_id, eid, _kind, recognized = rng.choice(center_bases)
            title, department, city = (
                rng.choice(TITLES),
                rng.choice(DEPARTMENTS),
                rng.choice(cities),
            )
            majors = ",".join(rng.sample(MAJORS, k=rng.choice([0, 1, 2, 3])))
            words = rng.sample(SKILLS, k=4) + ([rng.choice(RARE)] if rng.random() < 0.01 else [])
            description = (
                f"岗位职责：参与{department}的日常工作，使用 {words[0]} 与 {words[1]} 完成任务。"
                f"任职要求：熟悉 {words[2]}、{words[3]}，"
                + (f"了解 {words[4]} 者优先，" if len(words) > 4 else "")
                + "每周实习不少于4天。Responsibilities: work with your mentor on real projects "
                "and present the results at the end of the internship."
            )
            roll = rng.random()
            status = (
                OPEN if roll < 0.75 else CLOSED if roll < 0.85 else FILLED if roll < 0.95 else DRAFT
            )
            if status in (OPEN, DRAFT):
                published = world.day_in_year(after=max(recognized, today - timedelta(days=120)))
                start = today + timedelta(days=rng.randrange(20, 120))
                deadline = start - timedelta(days=rng.randrange(5, 15))
            else:
                # Closed or filled: published, applied to and started within the year.
                published = world.day_in_year(after=recognized, early=1.5)
                deadline = min(today, published + timedelta(days=rng.randrange(10, 40)))
                start = deadline + timedelta(days=10)
            name_zh, name_en = names[eid]
            search_text = " ".join(
                p for p in (title, name_zh, name_en, department, city, majors, description) if p
            ).lower()
            openings = rng.choice([1, 2, 3, 5, 10])
            months = rng.choice([3, 4, 5, 6])
            at = world.moment(published, rng.randrange(8, 20), rng.randrange(60))
            rows.append(
                (
                    pid,
                    center.pk,
                    base_id,
                    title,
                    description,
                    department,
                    city,
                    openings,
                    months,
                    Decimal(rng.choice([2000, 2500, 3000, 3500, 4000, 5000, 6000, 8000])),
                    majors,
                    start,
                    deadline,
                    status,
                    openings if status == FILLED else 0,
                    search_text,
                    None if status == DRAFT else at,
                    at,
                    at,
                )
            )
            if status != DRAFT:
                made.setdefault(center.pk, []).append((pid, base_id, status, at, start, months))
    copy_into(
        Position,
        [
            "id",
            "center_id",
            "base_id",
            "title",
            "description",
            "department",
            "city",
            "openings",
            "duration_months",
            "stipend",
            "majors",
            "start_date",
            "deadline",
            "status",
            "accepted_count",
            "search_text",
            "published_at",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    reset_sequences(Position)
    world.made["positions"] = made
    world.say(f"  positions: {len(rows):,}")


register_scale(scale_bases, order=10)
register_scale(scale_positions, order=11)
