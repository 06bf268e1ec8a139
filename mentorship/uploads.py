"""Private uploads: checked by content (not by name) and size, stored outside static files,
served only through views that have already decided the visitor may see them."""

import mimetypes
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import PurePath

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from mentorship.upload_content import clean_image, clean_pdf

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


def clean_upload(uploaded, *, kinds=("pdf",), max_bytes: int = MAX_UPLOAD_BYTES) -> ContentFile:
    """Check an upload by content and size, and return a clean copy to store instead.

    Images are decoded and encoded again (metadata dropped; nothing but the picture can
    survive, so an HTML or script polyglot cannot); PDFs are parsed and written again, and
    refused when they carry scripts, launch actions, attachments or encryption. The copy
    has a random name with the suffix of its true type. Refusals are ValidationErrors a
    person understands.
    """
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
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    clean = clean_pdf(data) if kind == "pdf" else clean_image(data, kind)
    copy = ContentFile(clean, name=f"{uuid.uuid4().hex}{EXTENSIONS[kind]}")
    # Never stored: only for telling the person which of their files this is.
    copy.original_name = PurePath(uploaded.name or "").name[:100]
    return copy


def upload_kind(file) -> str:
    """The kind of a file `clean_upload` returned, from the suffix it gave it."""
    return next(kind for kind, suffix in EXTENSIONS.items() if file.name.endswith(suffix))


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
    # The name carries when it was kept, so the sweep reads the portal's clock, not the disk's.
    kept_at = int(timezone.now().timestamp())
    name = default_storage.save(f"{PENDING_FOLDER}/{kept_at}-{uuid.uuid4().hex}{suffix}", uploaded)
    original_name = getattr(uploaded, "original_name", "") or PurePath(uploaded.name or "").name
    original_name = original_name[:100] or "file"
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


def _kept_at(name: str) -> datetime:
    stamp, _, _rest = PurePath(name).name.partition("-")
    try:
        return datetime.fromtimestamp(int(stamp), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return default_storage.get_modified_time(name)


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
        if _kept_at(name) < now - PENDING_MAX_AGE:
            default_storage.delete(name)
            removed += 1
    return removed
