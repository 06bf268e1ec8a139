"""URLs of entrepreneurial projects, under /c/<center-slug>/projects/."""

from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.call_list, name="calls"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/rounds/", views.round_add, name="round_add"),
    path(
        "calls/<int:pk>/rounds/<int:round_pk>/criteria/",
        views.criterion_add,
        name="criterion_add",
    ),
    path("calls/<int:pk>/publish/", views.call_publish, name="call_publish"),
    path("calls/<int:pk>/start/", views.project_create, name="project_create"),
    path("mine/", views.my_projects, name="mine"),
    path("<int:pk>/", views.project_detail, name="project"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/invite/", views.member_invite, name="invite"),
    path("<int:pk>/answer/", views.member_answer, name="answer"),
    path("<int:pk>/submit/", views.project_submit, name="submit"),
    path("<int:pk>/withdraw/", views.project_withdraw, name="withdraw"),
    path("<int:pk>/deck/", views.pitch_deck, name="deck"),
    path("<int:pk>/conflict/", views.conflict_declare, name="conflict"),
    path("<int:pk>/outcome/", views.project_outcome, name="outcome"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/done/",
        views.milestone_done,
        name="milestone_done",
    ),
    path("showcase/", views.showcase, name="showcase"),
    path("incubation/", views.incubation, name="incubation"),
    path("notice/", views.notice_board, name="notice_board"),
    path("notice/<int:pk>/object/", views.objection_file, name="objection_file"),
    path("calls/<int:pk>/notice/", views.notice, name="notice"),
    path("calls/<int:pk>/notice/publish/", views.notice_publish, name="notice_publish"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
    path("objections/<int:pk>/evidence/", views.objection_evidence, name="objection_evidence"),
    path("judging/", views.judging, name="judging"),
    path("judging/<int:pk>/", views.score, name="score"),
    path("judging/<int:pk>/recuse/", views.recuse, name="recuse"),
    path("rounds/<int:pk>/", views.ranking, name="ranking"),
    path("rounds/<int:pk>/assign/", views.judges_assign, name="assign"),
    path("entries/<int:pk>/decide/", views.entry_decide, name="decide"),
]
