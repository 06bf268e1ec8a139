"""URLs: program-wide pages at the root, each center's pages under /c/<center-slug>/."""

from django.contrib import admin
from django.urls import include, path

from mentorship import views

center_patterns = [
    path("", views.center_home, name="home"),
    path("join/", views.center_join, name="join"),
    path("members/", views.center_members, name="members"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("audit/", views.center_audit, name="audit"),
    path("", include("bases.urls")),
    path("", include("students.urls")),
    path("students/import/", include("mentorship.student_import.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notification_read"),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path("program/", views.program_console, name="program_console"),
    path(
        "program/centers/<int:pk>/status/",
        views.program_center_status,
        name="program_center_status",
    ),
    path("program/audit/", views.program_audit, name="program_audit"),
    path("c/<slug:center_slug>/", include((center_patterns, "center"))),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
