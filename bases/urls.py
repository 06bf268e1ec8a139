"""URLs of the bases app, mounted under /c/<center-slug>/ (namespace center:bases)."""

from django.urls import path

from bases import views
from bases.subsidies import views as subsidies

app_name = "bases"

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/register/", views.enterprise_register, name="enterprise_register"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/licence/", views.enterprise_licence, name="enterprise_licence"),
    path(
        "enterprises/<int:pk>/representatives/",
        views.enterprise_representative_add,
        name="enterprise_representative_add",
    ),
    path(
        "enterprises/<int:pk>/representatives/<int:user_pk>/remove/",
        views.enterprise_representative_remove,
        name="enterprise_representative_remove",
    ),
    path("bases/", views.base_list, name="base_list"),
    path("bases/apply/", views.base_create, name="base_create"),
    path("bases/review/", views.base_queue, name="base_queue"),
    path("bases/<int:pk>/", views.base_detail, name="base_detail"),
    path("bases/<int:pk>/edit/", views.base_edit, name="base_edit"),
    path("bases/<int:pk>/submit/", views.base_submit, name="base_submit"),
    path("bases/<int:pk>/start-review/", views.base_start_review, name="base_start_review"),
    path("bases/<int:pk>/recognize/", views.base_recognize, name="base_recognize"),
    path("bases/<int:pk>/return/", views.base_return, name="base_return"),
    path("bases/<int:pk>/reject/", views.base_reject, name="base_reject"),
    path("bases/<int:pk>/positions/", views.base_positions, name="base_positions"),
    path("bases/<int:pk>/positions/new/", views.position_create, name="position_create"),
    path("bases/positions/<int:pk>/", views.position_detail, name="position_detail"),
    path("bases/positions/<int:pk>/edit/", views.position_edit, name="position_edit"),
    path("bases/positions/<int:pk>/publish/", views.position_publish, name="position_publish"),
    path("bases/positions/<int:pk>/close/", views.position_close, name="position_close"),
    path("subsidies/", subsidies.claim_list, name="claim_list"),
    path("subsidies/open/", subsidies.claim_open, name="claim_open"),
    path("subsidies/review/", subsidies.claim_queue, name="claim_queue"),
    path("subsidies/review/export/", subsidies.claim_queue_export, name="claim_queue_export"),
    path("subsidies/policy/", subsidies.subsidy_policy, name="subsidy_policy"),
    path("subsidies/<int:pk>/", subsidies.claim_detail, name="claim_detail"),
    path("subsidies/<int:pk>/recompute/", subsidies.claim_recompute, name="claim_recompute"),
    path("subsidies/<int:pk>/evidence/", subsidies.claim_evidence, name="claim_evidence"),
    path("subsidies/<int:pk>/submit/", subsidies.claim_submit, name="claim_submit"),
    path("subsidies/<int:pk>/discard/", subsidies.claim_discard, name="claim_discard"),
    path("subsidies/<int:pk>/approve/", subsidies.claim_approve, name="claim_approve"),
    path("subsidies/<int:pk>/return/", subsidies.claim_return, name="claim_return"),
    path("subsidies/<int:pk>/reject/", subsidies.claim_reject, name="claim_reject"),
    path("subsidies/<int:pk>/paid/", subsidies.claim_paid, name="claim_paid"),
    path("subsidies/lines/<int:pk>/evidence/", subsidies.line_evidence, name="line_evidence"),
    path(
        "subsidies/lines/<int:pk>/evidence/<str:kind>/",
        subsidies.line_evidence_file,
        name="line_evidence_file",
    ),
    path("subsidies/lines/<int:pk>/review/", subsidies.line_review, name="line_review"),
]
