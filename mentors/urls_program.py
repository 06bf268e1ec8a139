"""Program-wide pages of mentors' records (outside /c/): mounted by mentorship/urls.py at
program/mentor-records/."""

from django.urls import path

from mentors import views_record

urlpatterns = [
    path("", views_record.program_records, name="program_mentor_records"),
    path("export/", views_record.program_records_export, name="program_mentor_records_export"),
    path("<int:pk>/", views_record.program_record, name="program_mentor_record"),
]
