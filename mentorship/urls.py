"""URLs: program-wide pages at the root, each center's pages under /c/<center-slug>/."""

from django.contrib import admin
from django.urls import include, path

from mentorship import figures_views
from mentorship.views import (
    accounts,
    annual_report,
    audit,
    calendar,
    center,
    console,
    dev,
    portal,
    program,
    reports,
)

center_patterns = [
    path("", center.center_home, name="home"),
    path("join/", center.center_join, name="join"),
    path("members/", center.center_members, name="members"),
    path("invitations/<int:pk>/revoke/", center.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", center.invitation_accept, name="invitation_accept"),
    path("audit/", audit.center_audit, name="audit"),
    path("audit/export/", audit.center_audit_export, name="audit_export"),
    path("console/", console.console, name="console"),
    path("console/settings/", console.center_settings, name="settings"),
    path("console/universities/", console.universities, name="universities"),
    path("console/universities/<int:pk>/", console.university_edit, name="university_edit"),
    path("console/members/<int:pk>/remove/", console.member_remove, name="member_remove"),
    path("console/members/export/", console.members_export, name="members_export"),
    path("logo/", console.center_logo, name="logo"),
    path("figures/", figures_views.center_dashboard, name="figures"),
    path("calendar/", calendar.my_calendar, name="calendar"),
    # A calendar app's subscription: the secret token is the proof, no sign-in possible.
    path("calendar/<str:token>.ics", calendar.calendar_feed_ics, name="calendar_feed"),
    path("reports/<int:pk>/", reports.center_report, name="report"),
    path("reports/<int:pk>/download/", reports.center_report_download, name="report_download"),
    path("", include("bases.urls")),
    path("subsidies/", include("subsidies.urls")),
    path("", include("students.urls")),
    path("students/import/", include("students.student_import.urls")),
    path("events/", include("events.urls")),
    path("mentors/", include("mentors.urls")),
    path("projects/", include("projects.urls")),
    path("outcomes/", include("outcomes.urls")),
]

urlpatterns = [
    path("", portal.home, name="home"),
    path("dashboard/", portal.dashboard, name="dashboard"),
    path("i18n/setlang/", portal.set_language, name="set_language"),
    path("notifications/", portal.notification_list, name="notifications"),
    path("notifications/read/", portal.notification_read, name="notification_read"),
    path(
        "notifications/preferences/",
        portal.notification_preferences,
        name="notification_preferences",
    ),
    path("program/", program.program_console, name="program_console"),
    path(
        "program/centers/<int:pk>/status/",
        program.program_center_status,
        name="program_center_status",
    ),
    path("figures/", figures_views.public_dashboard, name="figures"),
    path("figures/data/", figures_views.open_data_index, name="figures_data"),
    path("figures/data/<str:name>.json", figures_views.open_data_json, name="figures_json"),
    path("figures/data/<str:name>.csv", figures_views.open_data_csv, name="figures_csv"),
    path("program/figures/", figures_views.program_dashboard, name="program_figures"),
    path(
        "program/figures/annual-report/",
        annual_report.annual_report_request,
        name="program_annual_report",
    ),
    path("program/audit/", audit.program_audit, name="program_audit"),
    path("program/audit/export/", audit.program_audit_export, name="program_audit_export"),
    path("program/applications/", program.program_applications, name="program_applications"),
    path("program/applications/<int:pk>/", program.program_application, name="program_application"),
    path("program/reports/<int:pk>/", reports.program_report, name="program_report"),
    path(
        "program/reports/<int:pk>/download/",
        reports.program_report_download,
        name="program_report_download",
    ),
    path("program/subsidies/", include("subsidies.urls_program")),  # subsidy claims, all centers
    path("program/mentor-records/", include("mentors.urls_program")),  # mentors' records
    path("program/projects/", include("projects.urls_program")),  # calls for projects
    path("program/exports/", include("students.urls_program")),  # applications, placements
    path("centers/apply/", portal.center_apply, name="center_apply"),
    path("account/privacy/", portal.privacy, name="privacy"),
    path("account/privacy/export/", portal.privacy_export, name="privacy_export"),
    path("account/privacy/erase/", portal.privacy_erase, name="privacy_erase"),
    path("c/<slug:center_slug>/", include((center_patterns, "center"))),
    path("tickets/", include("events.urls_tickets")),  # a ticket's QR code, any door
    # Before allauth's own: the same page, with the center a visitor came from chosen.
    path("accounts/signup/", accounts.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Answers 404 unless in development (DEBUG on, not production, console email).
    path("dev/outbox/", dev.dev_outbox, name="dev_outbox"),
]
