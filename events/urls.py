"""URLs of events, under /c/<center-slug>/events/ (namespace center:events)."""

from django.urls import path

from events import views
from mentorship.views import calendar

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("manage/", views.event_manage, name="manage"),
    path("mine/", views.my_registrations, name="mine"),
    # The address of the events' own calendar feed before it joined the person's calendar:
    # calendar apps subscribed to it keep getting the person's calendar.
    path("calendar/<str:token>.ics", calendar.calendar_feed_ics, name="feed_ics"),
    path("settings/", views.event_settings, name="settings"),
    path("co-organizing/", views.partner_invitations, name="partner_invitations"),
    path("co-organizing/<int:pk>/answer/", views.partner_answer, name="partner_answer"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/publish/", views.event_publish, name="publish"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/calendar.ics", views.event_ics, name="ics"),
    path("<int:pk>/register/", views.registration_create, name="register"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/door/", views.door, name="door"),
    path("<int:pk>/summary/", views.summary, name="summary"),
    path("<int:pk>/door-staff/", views.door_staff, name="door_staff"),
    path("<int:pk>/partners/", views.partners, name="partners"),
    path("<int:pk>/our-students/", views.partner_registrations, name="partner_registrations"),
    path("<int:pk>/export/", views.attendance_export, name="export"),
    path(
        "<int:pk>/our-students/export/",
        views.partner_attendance_export,
        name="partner_export",
    ),
    path("<int:pk>/cancel-registration/", views.registration_cancel, name="registration_cancel"),
    path("<int:pk>/confirm-seat/", views.offer_confirm, name="offer_confirm"),
    path("<int:pk>/ticket/", views.ticket, name="ticket"),
    path("<int:pk>/programme/", views.programme, name="programme"),
    path("<int:pk>/sessions/", views.sessions, name="sessions"),
    path("<int:pk>/booths/", views.fair_booths, name="booths"),
    path("<int:pk>/booths/apply/", views.booth_apply, name="booth_apply"),
    path("booths/<int:pk>/", views.booth_detail, name="booth"),
    path("booths/<int:pk>/decide/", views.booth_decide, name="booth_decide"),
    path(
        "booths/<int:pk>/apply/<int:position>/",
        views.booth_position_apply,
        name="booth_position_apply",
    ),
    path("check-in/<str:code>/", views.door_code, name="door_code"),
]
