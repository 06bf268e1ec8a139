"""URLs of the bases app, mounted under /c/<center-slug>/ (namespace center:bases)."""

from django.urls import path

from bases import views

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
]
