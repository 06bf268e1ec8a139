"""URLs of the outcomes, mounted under /c/<center-slug>/outcomes/ (namespace center:outcomes)."""

from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("survey/", views.survey, name="survey"),
    path("placements/<int:pk>/offer/", views.placement_offer, name="placement_offer"),
    path("review/", views.review, name="review"),
    path("review/<int:pk>/decide/", views.review_decide, name="review_decide"),
]
