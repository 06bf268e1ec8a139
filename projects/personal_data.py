"""A person's projects, invitations, conflicts and scores in their copy and erasure.

Projects, entries and scores stay (the program counts them and other teammates own them
too); the person's comments as a judge and their conflict notes go, and they leave the
teams they were in.
"""

from django.db.models import Q

from mentorship.personal_data import register_personal_data
from projects.models import Conflict, Project, Score, TeamMember


def _projects(user):
    teams = TeamMember.objects.filter(user=user).select_related("project__center", "project__call")
    return [
        {
            "center": m.project.center.name_zh,
            "call": m.project.call.title,
            "project": m.project.title,
            "membership": m.status,
            "status": m.project.status,
            "summary": m.project.summary,
            "advisor": m.project.advisor_name,
        }
        for m in teams.order_by("pk")
    ]


def _judging(user):
    conflicts = Conflict.objects.filter(judge=user).select_related("project")
    scores = Score.objects.filter(assignment__judge=user).select_related(
        "criterion", "assignment__entry__project"
    )
    return {
        "conflicts": [
            {"project": c.project.title, "kind": c.kind, "note": c.note} for c in conflicts
        ],
        "scores": [
            {
                "project": s.assignment.entry.project.title,
                "criterion": s.criterion.name,
                "score": s.value,
                "comment": s.comment,
            }
            for s in scores.order_by("pk")
        ],
    }


def _files(user):
    owned = Project.objects.filter(
        Q(owner=user) | Q(members__user=user, members__status=TeamMember.Status.ACCEPTED)
    ).distinct()
    return [(f"projects/pitch-deck-{p.pk}.pdf", p.pitch_deck) for p in owned if p.pitch_deck]


def _erase(user):
    Score.objects.filter(assignment__judge=user).update(comment="")
    Conflict.objects.filter(judge=user).update(note="")
    TeamMember.objects.filter(user=user).exclude(project__owner=user).update(
        status=TeamMember.Status.DECLINED
    )


register_personal_data("projects", order=70, export=_projects, files=_files)
register_personal_data("project_judging", order=71, export=_judging, erase=_erase)
