"""URLs of the students app, mounted under /c/<center-slug>/ (namespace center:students)."""

app_name = "students"

urlpatterns: list = []
