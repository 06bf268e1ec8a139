"""URLs of the students app, mounted under /c/<center-slug>/ (namespace center:students)."""

from django.urls import path

from students import views, views_alerts, views_exports, views_interviews, views_roster

app_name = "students"

urlpatterns = [
    # Open positions: anyone may search and read; students apply and answer offers.
    path("internships/", views.position_search, name="position_search"),
    path("internships/enterprises/", views.enterprise_suggest, name="enterprise_suggest"),
    path("internships/save/", views_alerts.saved_search_save, name="saved_search_save"),
    path("internships/<int:pk>/", views.position_detail, name="position_detail"),
    path("internships/<int:pk>/apply/", views.application_submit, name="application_submit"),
    path("internships/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("internships/<int:pk>/accept/", views.application_accept, name="application_accept"),
    path("internships/<int:pk>/decline/", views.application_decline, name="application_decline"),
    path(
        "internships/<int:pk>/interview/",
        views_interviews.interview_answer,
        name="interview_answer",
    ),
    path(
        "internships/<int:pk>/interview.ics",
        views_interviews.interview_ics,
        name="interview_ics",
    ),
    # The student's own profile and applications (no ids: always the visitor's own).
    path("student/", views.student_home, name="student_home"),
    path("student/profile/", views.profile_edit, name="profile"),
    path("student/profile/resume/", views.my_resume, name="my_resume"),
    path("student/applications/", views.my_applications, name="my_applications"),
    path("student/searches/", views_alerts.saved_searches, name="saved_searches"),
    # From an alert's email: the signed link is the proof, no sign-in needed.
    path(
        "alerts/unsubscribe/<str:token>/",
        views_alerts.alert_unsubscribe,
        name="alert_unsubscribe",
    ),
    # Applicants, as the enterprise's representatives (and the center's coordinators) see them.
    path("applicants/", views.applicant_positions, name="applicant_positions"),
    path("applicants/positions/<int:pk>/", views.position_applicants, name="position_applicants"),
    path("applicants/export/", views_exports.applications_export, name="applications_export"),
    path("applicants/<int:pk>/", views.applicant_detail, name="applicant_detail"),
    path("applicants/<int:pk>/resume/", views.applicant_resume, name="applicant_resume"),
    path(
        "applicants/<int:pk>/interview/",
        views_interviews.interview_propose,
        name="interview_propose",
    ),
    path(
        "applicants/<int:pk>/interview/cancel/",
        views_interviews.interview_cancel,
        name="interview_cancel",
    ),
    path(
        "applicants/<int:pk>/interview.ics",
        views_interviews.applicant_interview_ics,
        name="applicant_interview_ics",
    ),
    # The center's students, as its coordinators find and verify them.
    path("console/students/", views_roster.roster, name="roster"),
    path("console/students/verify/", views_roster.roster_verify, name="verify"),
    # Placements.
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/export/", views_exports.placements_export, name="placements_export"),
    path("placements/<int:pk>/", views.placement_detail, name="placement_detail"),
]
