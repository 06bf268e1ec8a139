"""Development mail: each email printed as a person reads it, and kept for the outbox page.

Django's console backend prints the raw MIME message: quoted-printable cuts links across
lines and Chinese bodies come out as base64. This backend prints the decoded subject,
recipients and plain-text body instead, and keeps the newest messages in a small JSON file
(`settings.DEV_OUTBOX_FILE`) so that the development outbox page can list them whichever
process sent them (the web server, or a Celery worker when REDIS_URL is set).
"""

import fcntl
import json
import logging
import os
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.html import strip_tags

logger = logging.getLogger(__name__)

OUTBOX_SIZE = 50
RULE = "-" * 79


def plain_body(message) -> str:
    """The text a person reads: the plain body, or the HTML part without tags."""
    if message.body or not getattr(message, "alternatives", None):
        return str(message.body)
    for content, mimetype in message.alternatives:
        if mimetype == "text/html":
            return strip_tags(str(content)).strip()
    return ""


def readable(message, *, sent_at) -> dict:
    return {
        "subject": str(message.subject),
        "from": str(message.from_email),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "sent_at": timezone.localtime(sent_at).isoformat(timespec="seconds"),
        "body": plain_body(message),
        "attachments": attachment_names(message),
    }


def attachment_names(message) -> list[str]:
    names = []
    for attachment in getattr(message, "attachments", []):
        if hasattr(attachment, "get_filename"):  # a MIME part attached as such
            names.append(attachment.get_filename() or attachment.get_content_type())
        else:
            names.append(attachment.filename or attachment.mimetype or "")
    return names


def as_text(email: dict) -> str:
    lines = [
        RULE,
        f"Subject: {email['subject']}",
        f"From: {email['from']}",
        f"To: {', '.join(email['to'])}",
    ]
    if email["cc"]:
        lines.append(f"Cc: {', '.join(email['cc'])}")
    lines += [f"Date: {email['sent_at']}", "", email["body"].rstrip()]
    lines += [f"[attachment: {name}]" for name in email["attachments"] if name]
    lines.append(RULE)
    return "\n".join(lines) + "\n"


@contextmanager
def _locked(path: Path):
    """One writer at a time across processes: a web server and a worker may both send."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read(path: Path) -> list[dict]:
    try:
        emails = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return []
    return emails if isinstance(emails, list) else []


def outbox_keep(emails: list[dict], path: Path | None = None) -> None:
    """Add emails to the outbox file, keeping only the newest OUTBOX_SIZE."""
    path = path or outbox_path()
    if path is None or not emails:
        return
    with _locked(path):
        kept = (_read(path) + emails)[-OUTBOX_SIZE:]
        # Written beside the file and renamed, so a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".outbox-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(kept, out, ensure_ascii=False)
        os.replace(temporary, path)


def outbox_emails(path: Path | None = None) -> list[dict]:
    """The kept emails, newest first."""
    path = path or outbox_path()
    return list(reversed(_read(path))) if path is not None else []


def outbox_path() -> Path | None:
    configured = getattr(settings, "DEV_OUTBOX_FILE", None)
    return Path(configured) if configured else None


def outbox_enabled() -> bool:
    """The outbox page exists only in development: never with DEBUG off or in production."""
    return bool(settings.DEBUG and not settings.PRODUCTION and outbox_path() is not None)


class ReadableConsoleBackend(BaseEmailBackend):
    """Prints each email decoded and keeps it for the development outbox page."""

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        now = timezone.now()
        emails = [readable(message, sent_at=now) for message in email_messages]
        with self._lock:
            for email in emails:
                self.stream.write(as_text(email))
            self.stream.flush()
        try:
            outbox_keep(emails)
        except OSError:
            # Printed already: a full disk must not turn into a retried, reprinted email.
            logger.warning("Could not keep the emails for the development outbox", exc_info=True)
        return len(emails)
