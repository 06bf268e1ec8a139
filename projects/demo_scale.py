"""The projects' part of a program-scale year: one "What's Your Idea" call per center, the
projects its students submitted (each with its owner on the team), and the quarter of them
selected and taken into incubation with a mentor (`mentorship.bulk`)."""

from datetime import timedelta

from mentorship.bulk import ScaleWorld, copy_into, next_id, register_scale, reset_sequences
from mentorship.models import Role
from projects.models import Category, Project, ProjectCall, TeamMember

P = Project.Status
# Where the year's projects stand, with the share of each.
RESULTS, RESULT_WEIGHTS = [P.NOT_ADVANCED, P.INCUBATING, P.LAUNCHED, P.STOPPED], [70, 18, 8, 4]
IDEAS = ["校园二手循环平台", "乡村文旅直播", "AI 简历诊断", "社区助老服务", "非遗文创电商"]


def scale_projects(world: ScaleWorld) -> None:
    rng, today = world.rng, world.today
    first_call, first, first_member = next_id(ProjectCall), next_id(Project), next_id(TeamMember)
    categories = list(Category.values)
    calls, projects, members = [], [], []
    for center, n in world.per_center("projects"):
        call = first_call + len(calls)
        opened = world.moment(today - timedelta(days=330), 9)
        calls.append(
            (
                call,
                center.pk,
                f"{center.city}“你的点子”创业项目征集",
                "面向本中心高校学生的创业项目征集。",
                categories,
                ProjectCall.Status.CLOSED,
                opened,
                opened,
                opened,
            )
        )
        students = world.made["people"][Role.STUDENT][center.pk]
        mentors = [uid for _profile, uid in world.made["mentors"][center.pk]]
        for owner in rng.sample(students, min(n, len(students))):
            pk = first + len(projects)
            submitted = opened + timedelta(days=rng.randrange(10, 60), hours=rng.randrange(10))
            status = rng.choices(RESULTS, RESULT_WEIGHTS)[0]
            incubated = (
                submitted + timedelta(days=rng.randrange(90, 150))
                if status != P.NOT_ADVANCED
                else None
            )
            idea = rng.choice(IDEAS)
            projects.append(
                (
                    pk,
                    center.pk,
                    call,
                    owner,
                    f"{idea}（{pk}）",
                    f"{idea}：学生团队的创业项目。",
                    rng.choice(categories),
                    rng.choice(Project.Stage.values),
                    "待解决的问题。",
                    "解决方案。",
                    "目标市场。",
                    status,
                    submitted,
                    incubated,
                    rng.choice(mentors) if incubated else None,
                    submitted - timedelta(days=3),
                    incubated or submitted,
                )
            )
            members.append(
                (
                    first_member + len(members),
                    center.pk,
                    pk,
                    world.email("student", owner),
                    owner,
                    TeamMember.Status.ACCEPTED,
                    submitted - timedelta(days=3),
                )
            )
    copy_into(
        ProjectCall,
        [
            "id",
            "center_id",
            "title",
            "description",
            "categories",
            "status",
            "published_at",
            "created_at",
            "updated_at",
        ],
        calls,
    )
    copy_into(
        Project,
        [
            "id",
            "center_id",
            "call_id",
            "owner_id",
            "title",
            "summary",
            "category",
            "stage",
            "problem",
            "solution",
            "market",
            "status",
            "submitted_at",
            "incubated_at",
            "mentor_id",
            "created_at",
            "updated_at",
        ],
        projects,
    )
    copy_into(
        TeamMember,
        ["id", "center_id", "project_id", "email", "user_id", "status", "created_at"],
        members,
    )
    reset_sequences(ProjectCall, Project, TeamMember)
    incubated = sum(1 for row in projects if row[13] is not None)
    world.say(f"  projects: {len(projects):,} submitted, {incubated:,} incubated")


register_scale(scale_projects, order=60)
