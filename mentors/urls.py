"""URLs of mentors, under /c/<center-slug>/mentors/ (namespace center:mentors)."""

from django.urls import path

from mentors import views

app_name = "mentors"

urlpatterns = [
    path("", views.mentor_list, name="list"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("ask/", views.pairing_ask, name="ask"),
    path("profile/", views.my_profile, name="profile"),
    path("review/", views.review_list, name="review"),
    path("settings/", views.pairing_settings, name="settings"),
    path("<int:pk>/", views.mentor_detail, name="detail"),
    path("<int:pk>/approve/", views.review_approve, name="approve"),
    path("<int:pk>/reject/", views.review_reject, name="reject"),
    path("pairings/", views.pairing_list, name="pairings"),
    path("pairings/new/", views.pairing_assign, name="assign"),
    path("pairings/<int:pk>/", views.pairing_detail, name="pairing_detail"),
    path("pairings/<int:pk>/accept/", views.pairing_accept, name="pairing_accept"),
    path("pairings/<int:pk>/decline/", views.pairing_decline, name="pairing_decline"),
    path("pairings/<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("pairings/<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("pairings/<int:pk>/goals/<int:goal_pk>/", views.goal_status, name="goal_status"),
    path("pairings/<int:pk>/sessions/", views.session_log, name="session_log"),
    path(
        "pairings/<int:pk>/sessions/<int:session_pk>/feedback/",
        views.feedback_give,
        name="feedback_give",
    ),
    path("pairings/<int:pk>/close/", views.pairing_close, name="pairing_close"),
    path("pairings/<int:pk>/summary/", views.pairing_summary, name="pairing_summary"),
]
