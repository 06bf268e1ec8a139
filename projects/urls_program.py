"""Program-wide pages of calls for projects (outside /c/): mounted by mentorship/urls.py at
program/projects/."""

from django.urls import path

from projects import views_program

urlpatterns = [
    path("", views_program.program_calls, name="program_projects"),
    path("calls/new/", views_program.program_call_create, name="program_project_call_create"),
    path("calls/<int:pk>/", views_program.program_call, name="program_project_call"),
]
