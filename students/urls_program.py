"""Program-wide exports of applications and placements (outside /c/): mounted by
mentorship/urls.py at program/exports/."""

from django.urls import path

from students import views_program_exports as views

urlpatterns = [
    path("", views.program_exports, name="program_exports"),
    path("applications/", views.program_applications_export, name="program_applications_export"),
    path("placements/", views.program_placements_export, name="program_placements_export"),
]
