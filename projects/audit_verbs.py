"""The audit verbs of calls, projects and judging, in words."""

from django.utils.translation import gettext_lazy as _

from mentorship.audit_registry import register_audit_verbs
from projects.models import Assignment, Entry, Objection, ProgramCall, Project, ProjectCall

GROUP = _("Entrepreneurial projects")

register_audit_verbs(
    group=GROUP,
    model=ProjectCall,
    verbs={
        "project_call.saved": (
            _("Call for projects saved"),
            _("%(actor)s saved the call for projects %(target)s"),
        ),
        "project_call.published": (
            _("Call for projects published"),
            _("%(actor)s published the call for projects %(target)s"),
        ),
        "project_round.added": (
            _("Round added"),
            _("%(actor)s added a round to %(target)s"),
        ),
        "project_criterion.added": (
            _("Criterion added"),
            _("%(actor)s added a criterion to the rubric of %(target)s"),
        ),
        "project.judges_assigned": (
            _("Judges assigned"),
            _("%(actor)s assigned judges in %(target)s"),
        ),
        "project_notice.published": (
            _("Final list on public notice"),
            _("%(actor)s put the final list of %(target)s on public notice"),
        ),
        "project_notice.closed": (
            _("Public notice closed"),
            _("%(actor)s closed the public notice of %(target)s"),
        ),
    },
    fields={
        "round": _("Round"),
        "criterion": _("Criterion"),
        "assignments": _("Assignments"),
        "deadline": _("Deadline"),
        "weight": _("Weight"),
        "projects": _("Projects"),
        "starts_at": _("Notice starts"),
        "ends_at": _("Notice ends"),
    },
)
register_audit_verbs(
    group=GROUP,
    model=Project,
    verbs={
        "project.created": (_("Project created"), _("%(actor)s created the project %(target)s")),
        "project.edited": (_("Project edited"), _("%(actor)s edited the project %(target)s")),
        "project.member_invited": (
            _("Teammate invited"),
            _("%(actor)s invited a teammate to %(target)s"),
        ),
        "project.member_joined": (
            _("Teammate joined"),
            _("%(actor)s joined the team of %(target)s"),
        ),
        "project.member_declined": (
            _("Invitation declined"),
            _("%(actor)s declined to join %(target)s"),
        ),
        "project.submitted": (
            _("Project submitted"),
            _("%(actor)s submitted the project %(target)s"),
        ),
        "project.revised": (
            _("Revision submitted"),
            _("%(actor)s submitted a revision of %(target)s"),
        ),
        "project.withdrawn": (
            _("Project withdrawn"),
            _("%(actor)s withdrew the project %(target)s"),
        ),
        "project.conflict_declared": (
            _("Conflict of interest declared"),
            _("%(actor)s declared a conflict of interest with %(target)s"),
        ),
        "project.finalist": (
            _("Project on the final list"),
            _("%(actor)s put the project %(target)s on the final list"),
        ),
        "project.selected": (
            _("Project selected"),
            _("%(actor)s selected the project %(target)s"),
        ),
        "project.objection_filed": (
            _("Objection filed"),
            _("%(actor)s filed an objection to %(target)s"),
        ),
        "project.removed_from_list": (
            _("Project taken off the final list"),
            _("%(actor)s took the project %(target)s off the final list"),
        ),
        "project.milestone_overdue": (
            _("Milestone overdue"),
            _("%(actor)s flagged a milestone of %(target)s as overdue"),
        ),
        "project.incubating": (
            _("Project in incubation"),
            _("%(actor)s took the project %(target)s into incubation"),
        ),
        "project.launched": (
            _("Project launched"),
            _("%(actor)s recorded the launch of %(target)s"),
        ),
        "project.stopped": (_("Project stopped"), _("%(actor)s stopped the project %(target)s")),
        "project.milestone_added": (
            _("Milestone added"),
            _("%(actor)s added a milestone to %(target)s"),
        ),
        "project.milestone_done": (
            _("Milestone done"),
            _("%(actor)s marked a milestone of %(target)s done"),
        ),
        "project.closed": (
            _("Project did not advance"),
            _("%(actor)s closed the project %(target)s: it did not advance"),
        ),
    },
    fields={
        "email": _("Email"),
        "revision": _("Revision"),
        "kind": _("Kind of conflict"),
        "note": _("Note"),
        "milestone": _("Milestone"),
        "due_on": _("Due on"),
        "objection": _("Objection"),
        "evidence": _("Evidence"),
        "mentor": _("Incubation mentor"),
    },
)
register_audit_verbs(
    group=GROUP,
    model=Assignment,
    verbs={
        "project.judge_recused": (_("Judge recused"), _("%(actor)s recused from %(target)s")),
        "project.scored": (_("Project scored"), _("%(actor)s scored %(target)s")),
    },
    fields={"scores": _("Scores")},
)
register_audit_verbs(
    group=GROUP,
    model=Entry,
    verbs={
        "project.advanced": (_("Project advanced"), _("%(actor)s advanced %(target)s")),
        "project.not_advanced": (
            _("Project not advanced"),
            _("%(actor)s did not advance %(target)s"),
        ),
    },
    fields={"rank": _("Rank"), "override": _("Against the ranking"), "objection": _("Objection")},
)
register_audit_verbs(
    group=GROUP,
    model=Objection,
    verbs={
        "project.objection_dismissed": (
            _("Objection dismissed"),
            _("%(actor)s dismissed the objection %(target)s"),
        ),
        "project.objection_upheld": (
            _("Objection upheld"),
            _("%(actor)s upheld the objection %(target)s"),
        ),
    },
    fields={
        "answer": _("Answer"),
        "answered_by": _("Answered by"),
        "answered_at": _("Answered"),
        "objection": _("Objection"),
    },
)

register_audit_verbs(
    group=GROUP,
    model=ProgramCall,
    verbs={
        "program_call.created": (
            _("Program-wide call created"),
            _("%(actor)s created the program-wide call %(target)s"),
        ),
    },
)
