"""The ticket's own address, outside any center (/tickets/<code>/): what a ticket's QR code
carries, so that the organizer's door and a co-organizing center's door both scan it."""

from django.urls import path

from events import views

urlpatterns = [
    path("<str:code>/", views.ticket_by_code, name="event_ticket"),
]
