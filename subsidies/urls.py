"""URLs of subsidy claims, mounted under /c/<center-slug>/ (namespace center:subsidies)."""

from django.urls import path

from subsidies import views

app_name = "subsidies"

urlpatterns = [
    path("", views.claim_list, name="claim_list"),
    path("open/", views.claim_open, name="claim_open"),
    path("review/", views.claim_queue, name="claim_queue"),
    path("review/export/", views.claim_queue_export, name="claim_queue_export"),
    path("policy/", views.subsidy_policy, name="subsidy_policy"),
    path("<int:pk>/", views.claim_detail, name="claim_detail"),
    path("<int:pk>/recompute/", views.claim_recompute, name="claim_recompute"),
    path("<int:pk>/evidence/", views.claim_evidence, name="claim_evidence"),
    path("<int:pk>/submit/", views.claim_submit, name="claim_submit"),
    path("<int:pk>/discard/", views.claim_discard, name="claim_discard"),
    path("<int:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("<int:pk>/return/", views.claim_return, name="claim_return"),
    path("<int:pk>/reject/", views.claim_reject, name="claim_reject"),
    path("<int:pk>/paid/", views.claim_paid, name="claim_paid"),
    path("lines/<int:pk>/evidence/", views.line_evidence, name="line_evidence"),
    path(
        "subsidies/lines/<int:pk>/evidence/<str:kind>/",
        views.line_evidence_file,
        name="line_evidence_file",
    ),
    path("lines/<int:pk>/review/", views.line_review, name="line_review"),
]
