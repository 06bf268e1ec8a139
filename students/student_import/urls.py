"""URLs of the student import, under /c/<center-slug>/students/import/."""

from django.urls import path

from students.student_import import views

app_name = "student_import"

urlpatterns = [
    path("", views.import_list, name="list"),
    path("template.csv", views.import_template, name="template"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/run/", views.import_run, name="run"),
    # The imported students' welcome link (public: they have no password yet).
    path("welcome/<str:token>/", views.set_password, name="set_password"),
]
