"""URLs of the bases app, mounted under /c/<center-slug>/ (namespace center:bases)."""

app_name = "bases"

urlpatterns: list = []
