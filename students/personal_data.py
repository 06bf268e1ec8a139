"""A student's profiles, applications, placements and check-ins in their copy and erasure.

Applications and placements stay (the program's records, and the subsidies paid for them);
what the person wrote, and what others wrote about them, goes.
"""

from mentorship.personal_data import register_personal_data
from students.models import (
    Application,
    CheckIn,
    Interview,
    Placement,
    SavedSearch,
    StudentProfile,
)


def _iso(value):
    return value.isoformat() if value is not None else None


def _resume_name(profile) -> str:
    return f"resumes/{profile.pk}.pdf"


def _profiles(user):
    return [
        {
            "center": p.center.name_zh,
            "university": p.university.name_zh if p.university else None,
            "major": p.major,
            "degree": p.degree,
            "graduation_year": p.graduation_year,
            "student_number": p.student_number,
            "phone": p.phone,
            "skills": p.skills,
            "resume_file": _resume_name(p) if p.resume else None,
            "verified": _iso(p.verified_at),
        }
        for p in StudentProfile.objects.filter(user=user).select_related("center", "university")
    ]


def _resumes(user):
    for profile in StudentProfile.objects.filter(user=user).exclude(resume=""):
        yield _resume_name(profile), profile.resume


def _applications(user):
    return [
        {
            "center": a.center.name_zh,
            "position": a.position.title,
            "enterprise": a.position.base.enterprise.name_zh,
            "status": a.status,
            "cover_letter": a.cover_letter,
            "applied": _iso(a.created_at),
        }
        for a in Application.objects.filter(student__user=user).select_related(
            "position__base__enterprise", "center"
        )
    ]


def _placements(user):
    check_ins = list(CheckIn.objects.filter(placement__student__user=user))
    return [
        {
            "center": p.center.name_zh,
            "position": p.position.title,
            "enterprise": p.base.enterprise.name_zh,
            "start": _iso(p.start_date),
            "last_day": _iso(p.last_day),
            "status": p.status,
            "supervisor": p.supervisor_name,
            "enterprise_rating": p.enterprise_rating,
            "enterprise_evaluation": p.enterprise_evaluation,
            "my_rating": p.student_rating,
            "my_feedback": p.student_feedback,
            "check_ins": [
                {"month": _iso(c.month), "summary": c.summary}
                for c in check_ins
                if c.placement_id == p.pk
            ],
        }
        for p in Placement.objects.filter(student__user=user).select_related(
            "position", "base__enterprise", "center"
        )
    ]


def _saved_searches(user):
    return [
        {
            "center": s.center.name_zh,
            "name": s.name,
            "search": s.query(),
            "alert": s.alert,
            "saved": _iso(s.created_at),
        }
        for s in SavedSearch.objects.filter(user=user).select_related("center")
    ]


def _erase_saved_searches(user):
    # What the person searched for is theirs alone: nothing of it is a program record.
    SavedSearch.objects.filter(user=user).delete()


def _erase_profiles(user):
    for profile in StudentProfile.objects.select_for_update().filter(user=user):
        if profile.resume:
            profile.resume.delete(save=False)
        profile.phone = profile.student_number = profile.skills = ""
        profile.save()


def _erase_applications(user):
    Application.objects.filter(student__user=user).update(cover_letter="")


def _erase_placements(user):
    CheckIn.objects.filter(placement__student__user=user).update(summary="")
    Placement.objects.filter(student__user=user).update(
        enterprise_evaluation="", student_feedback="", supervisor_phone=""
    )


def _interviews(user):
    return [
        {
            "center": i.center.name_zh,
            "position": i.application.position.title,
            "status": i.status,
            "mode": i.mode,
            "time": _iso(i.starts_at),
            "my_message": i.student_message,
        }
        for i in Interview.objects.filter(application__student__user=user).select_related(
            "center", "application__position"
        )
    ]


def _erase_interviews(user):
    # The interview stays on the application's record; the student's own words go.
    Interview.objects.filter(application__student__user=user).update(student_message="")


register_personal_data(
    "student_profiles", order=20, export=_profiles, files=_resumes, erase=_erase_profiles
)
register_personal_data("applications", order=30, export=_applications, erase=_erase_applications)
register_personal_data("placements", order=40, export=_placements, erase=_erase_placements)
register_personal_data(
    "saved_searches", order=50, export=_saved_searches, erase=_erase_saved_searches
)
register_personal_data("interviews", order=35, export=_interviews, erase=_erase_interviews)
