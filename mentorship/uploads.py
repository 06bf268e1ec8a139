"""Private uploads: checked by content (not by name) and size, stored outside static files,
served only through views that have already decided the visitor may see them."""

import mimetypes
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
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
    return ContentFile(clean, name=f"{uuid.uuid4().hex}{EXTENSIONS[kind]}")


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
