"""Uploads that are not what they claim to be: every bad one is refused with a message a
person understands; every good one is stored as a clean copy under a random name."""

import io
import zlib

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from mentorship.uploads import clean_upload, upload_kind
from students.pdf import simple_pdf

GOOD_PDF = simple_pdf(["A plain document"])


def image(kind: str, size=(16, 16), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, kind, **save)
    return out.getvalue()


def pdf_with(change) -> bytes:
    """A one-page PDF that `change(writer)` has given something active."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def script(writer):
    action = {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(action))


def launch(writer):
    action = {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("c")}
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(action)


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


BAD = {
    "empty": (b"", "cv.pdf", ("pdf",), "empty"),
    "text renamed .pdf": (b"just some text", "cv.pdf", ("pdf",), "not a real PDF"),
    "html with a jpeg header": (
        b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>",
        "logo.jpg",
        ("jpeg", "png"),
        "could not be read",
    ),
    "html with a png header": (
        b"\x89PNG\r\n\x1a\n<html><body onload=alert(1)></body></html>",
        "logo.png",
        ("jpeg", "png"),
        "could not be read",
    ),
    "pdf with javascript": (
        pdf_with(script),
        "deck.pdf",
        ("pdf",),
        "scripts, actions or attached files",
    ),
    "pdf with an attached file": (
        pdf_with(lambda writer: writer.add_attachment("a.exe", b"MZ")),
        "deck.pdf",
        ("pdf",),
        "scripts, actions or attached files",
    ),
    "pdf launching a program": (
        pdf_with(launch),
        "deck.pdf",
        ("pdf",),
        "scripts, actions or attached files",
    ),
    "pdf header then garbage": (b"%PDF-1.7\n" + b"\x00" * 200, "cv.pdf", ("pdf",), "damaged"),
    "pdf where an image is asked": (GOOD_PDF, "logo.png", ("jpeg", "png"), "not a real"),
    "oversize": (GOOD_PDF + b"%" * (5 * 1024 * 1024), "cv.pdf", ("pdf",), "too large"),
    "image bomb": (image("PNG", size=(10_000, 10_000)), "logo.png", ("png",), "too large"),
    "flate bomb posing as a png": (
        b"\x89PNG\r\n\x1a\n" + zlib.compress(b"\x00" * 20_000_000),
        "logo.png",
        ("png",),
        "could not be read",
    ),
}


@pytest.mark.parametrize(("data", "name", "kinds", "message"), BAD.values(), ids=BAD.keys())
def test_bad_uploads_are_refused_with_a_clear_message(data, name, kinds, message):
    with pytest.raises(ValidationError) as refused:
        clean_upload(upload(data, name), kinds=kinds)
    assert message in " ".join(refused.value.messages)


def test_a_polyglot_pdf_keeps_nothing_but_the_document():
    polyglot = GOOD_PDF + b"\n<html><script>alert(document.cookie)</script></html>\n"
    clean = clean_upload(upload(polyglot, "cv.pdf"))
    content = clean.read()
    assert content.startswith(b"%PDF-")
    assert b"<script>" not in content and b"<html>" not in content


def test_images_are_encoded_again_without_their_metadata():
    exif = Image.Exif()
    exif[0x010E] = "secret location 30.27N 120.15E"  # ImageDescription
    out = io.BytesIO()
    Image.new("RGB", (16, 16)).save(out, "JPEG", exif=exif.tobytes())
    assert b"secret location" in out.getvalue()
    clean = clean_upload(upload(out.getvalue(), "me.jpg"), kinds=("jpeg", "png"))
    assert b"secret location" not in clean.read()
    assert upload_kind(clean) == "jpeg"


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\boot.ini", "cv.pdf.exe", "简历<script>.pdf"]
)
def test_stored_names_are_random_with_the_true_suffix(name):
    clean = clean_upload(upload(GOOD_PDF, name))
    assert clean.name.endswith(".pdf")
    assert "/" not in clean.name and "\\" not in clean.name and ".." not in clean.name
    assert len(clean.name) == 36  # 32 hex digits and ".pdf"


def test_a_png_named_jpg_is_stored_as_the_png_it_is():
    clean = clean_upload(upload(image("PNG"), "logo.jpg"), kinds=("jpeg", "png"))
    assert clean.name.endswith(".png")
    assert clean.read().startswith(b"\x89PNG")
