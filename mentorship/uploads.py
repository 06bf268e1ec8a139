"""Private uploads: checked by content (not by name) and size, stored outside static files,
served only through views that have already decided the visitor may see them."""

import mimetypes
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# Leading bytes of each accepted type: what the file is, whatever its name says.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}
LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}


def sniff(uploaded) -> str | None:
    """The type the file's content shows, or None."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(sig) for sig in signatures):
            return kind
    return None


def validate_upload(uploaded, *, kinds=("pdf",), max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Raise a ValidationError a person understands; return the detected kind."""
    if uploaded is None or uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size).1f MB); the limit is %(limit)d MB.")
            % {"size": uploaded.size / 1024 / 1024, "limit": max_bytes // 1024 // 1024},
            code="too_large",
        )
    kind = sniff(uploaded)
    if kind not in kinds:
        raise ValidationError(
            _("This file is not a real %(types)s file, whatever its name says.")
            % {"types": " / ".join(LABELS[k] for k in kinds)},
            code="wrong_type",
        )
    if kind == "pdf":
        uploaded.seek(max(uploaded.size - 1024, 0))
        tail = uploaded.read()
        uploaded.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError(_("The PDF file is damaged or incomplete."), code="broken_pdf")
    return kind


@deconstructible
class PrivateUploadTo:
    """An upload_to that keeps no part of the uploader's file name (names leak, and clash)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()[:8]
        return f"private/{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, PrivateUploadTo) and other.folder == self.folder


def private_file_response(field_file, *, download_name: str) -> FileResponse:
    """Serve an upload the caller has already authorized, never rendered inline as HTML."""
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=content_type == "application/octet-stream",
        filename=download_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Uploads kept across a refused form: a file that passed its own checks is stored under
# PENDING_FOLDER and the page carries a signed token naming it, so the person does not have
# to choose it again after fixing another field. The token is bound to the person and the
# form's purpose; files nobody came back for are swept after PENDING_MAX_AGE.
PENDING_FOLDER = "private/pending"
PENDING_MAX_AGE = timedelta(days=1)
PENDING_SALT = "mentorship.uploads.pending"


@dataclass(frozen=True)
class PendingUpload:
    token: str
    name: str  # where it is stored
    original_name: str  # what the person chose, to show them

    def open(self) -> ContentFile:
        # Read whole (uploads are at most a few MB) so no file handle outlives the request.
        with default_storage.open(self.name, "rb") as stored:
            return ContentFile(stored.read(), name=self.original_name)


def keep_pending_upload(uploaded, *, owner, purpose: str) -> PendingUpload:
    """Store a checked upload of a refused form and return what the page needs to refer to it."""
    suffix = PurePath(uploaded.name or "").suffix.lower()[:8]
    uploaded.seek(0)
    name = default_storage.save(f"{PENDING_FOLDER}/{uuid.uuid4().hex}{suffix}", uploaded)
    original_name = PurePath(uploaded.name or "file").name[:100]
    token = signing.dumps(
        {"name": name, "owner": owner.pk, "purpose": purpose, "original": original_name},
        salt=PENDING_SALT,
    )
    return PendingUpload(token=token, name=name, original_name=original_name)


def pending_upload(token: str, *, owner, purpose: str) -> PendingUpload | None:
    """The upload a token names, if it is this person's, for this form, and still stored."""
    try:
        data = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE.total_seconds())
        name = data["name"]
        if data["owner"] != owner.pk or data["purpose"] != purpose:
            return None
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not name.startswith(PENDING_FOLDER + "/") or not default_storage.exists(name):
        return None
    return PendingUpload(token=token, name=name, original_name=str(data.get("original", "")))


def discard_pending_upload(pending: PendingUpload) -> None:
    default_storage.delete(pending.name)


def sweep_pending_uploads(*, now=None) -> int:
    """Delete kept uploads older than their tokens: nobody can use them any more."""
    now = now or timezone.now()
    try:
        _dirs, files = default_storage.listdir(PENDING_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for filename in files:
        name = f"{PENDING_FOLDER}/{filename}"
        if default_storage.get_modified_time(name) < now - PENDING_MAX_AGE:
            default_storage.delete(name)
            removed += 1
    return removed
