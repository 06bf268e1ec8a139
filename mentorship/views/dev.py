"""Development-only pages: the outbox of the emails the portal printed on the console."""

from datetime import datetime

from django.http import Http404
from django.shortcuts import render

from mentorship.dev_mail import OUTBOX_SIZE, outbox_emails, outbox_enabled


def dev_outbox(request):
    """The newest emails, readable, links clickable: a newcomer confirms a sign-up here.

    Open to anyone on purpose (the person confirming has no account yet); it answers 404
    unless the portal runs in development with the readable console backend.
    """
    if not outbox_enabled():
        raise Http404
    emails = [
        {**email, "sent_at": datetime.fromisoformat(email["sent_at"])}
        for email in outbox_emails()[:OUTBOX_SIZE]
    ]
    return render(request, "mentorship/dev_outbox.html", {"emails": emails, "size": OUTBOX_SIZE})
