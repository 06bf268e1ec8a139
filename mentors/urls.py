"""URLs of mentors, under /c/<center-slug>/mentors/ (namespace center:mentors)."""

from django.urls import path

from mentors import views, views_batches, views_record
from mentors import views_face_to_face as f2f

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
    path("batches/", views_batches.batch_list, name="batches"),
    path("batches/<int:pk>/", views_batches.batch_detail, name="batch"),
    path("batches/<int:pk>/publish/", views_batches.batch_publish, name="batch_publish"),
    path(
        "batches/<int:pk>/rows/<int:proposal_pk>/mentor/",
        views_batches.proposal_change,
        name="proposal_change",
    ),
    path(
        "batches/<int:pk>/rows/<int:proposal_pk>/drop/",
        views_batches.proposal_drop,
        name="proposal_drop",
    ),
    path("activities/", f2f.activity_list, name="activities"),
    path("activities/new/", f2f.activity_create, name="activity_create"),
    path("activities/<int:pk>/", f2f.activity_detail, name="activity"),
    path("activities/<int:pk>/slots/", f2f.slots_publish, name="slots_publish"),
    path("activities/<int:pk>/my-number/", f2f.my_number, name="my_number"),
    path("activities/<int:pk>/my-number/live/", f2f.my_number_status, name="my_number_live"),
    path("activities/<int:pk>/my-number/leave/", f2f.ticket_leave, name="ticket_leave"),
    path("activities/<int:pk>/pair/", f2f.consultation_pair, name="consultation_pair"),
    path("activities/<int:pk>/queue/", f2f.queue, name="queue"),
    path("activities/<int:pk>/queue/live/", f2f.queue_waiting, name="queue_live"),
    path("activities/<int:pk>/queue/call/", f2f.queue_call, name="queue_call"),
    path(
        "activities/<int:pk>/tickets/<int:ticket_pk>/finish/",
        f2f.ticket_finish,
        name="ticket_finish",
    ),
    path("slots/<int:pk>/book/", f2f.slot_book, name="slot_book"),
    path("slots/<int:pk>/cancel/", f2f.slot_cancel, name="slot_cancel"),
    path("slots/<int:pk>/outcome/", f2f.slot_outcome, name="slot_outcome"),
    path("walk-in/", f2f.walk_in, name="walk_in"),
    path("walk-in/<str:code>/", f2f.walk_in_take, name="walk_in_take"),
    # Each mentor's record of service and their service letter.
    path("record/", views_record.my_record, name="record"),
    path("record/letter/", views_record.my_letter, name="letter"),
    path("records/", views_record.records_list, name="records"),
    path("records/export/", views_record.records_export, name="records_export"),
    path("records/<int:pk>/", views_record.record_of_mentor, name="record_of"),
    path("records/<int:pk>/letter/", views_record.letter_of_mentor, name="letter_of"),
]
