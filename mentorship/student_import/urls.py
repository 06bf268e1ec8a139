"""URLs of the student import, under /c/<center-slug>/students/import/."""

app_name = "student_import"

urlpatterns: list = []
