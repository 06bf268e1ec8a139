"""Program-wide subsidy pages (outside /c/): mounted by mentorship/urls.py at program/subsidies/."""

from django.urls import path

from subsidies import views_program

urlpatterns = [
    path("", views_program.program_subsidies, name="program_subsidies"),
    path("export/", views_program.program_subsidies_export, name="program_subsidies_export"),
]
