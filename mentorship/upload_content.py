"""Reading uploaded images and PDFs with kept libraries (Pillow, pypdf) and writing them
again, so what is stored is only what such a file can hold."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# A logo or a scanned licence needs far fewer; a small file that decodes to more is a bomb.
MAX_IMAGE_PIXELS = 40_000_000
PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG"}

# Names that make a PDF do something when opened, or carry other files inside it.
ACTIVE_PDF_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
    }
)
MAX_PDF_OBJECTS = 200_000

BROKEN_IMAGE = _("The image could not be read; it is damaged or not really an image.")
BROKEN_PDF = _("The PDF file is damaged or incomplete.")


def clean_image(data: bytes, kind: str) -> bytes:
    """The picture alone, encoded again in its own format."""
    try:
        with warnings.catch_warnings():
            # Pillow's own warning at its larger limit says less than the check below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != PIL_FORMATS[kind]:
                    raise ValidationError(BROKEN_IMAGE, code="broken_image")
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _("The image is too large (%(width)d × %(height)d pixels).")
                        % {"width": width, "height": height},
                        code="too_many_pixels",
                    )
                image.load()
                # The orientation lives in the metadata that is dropped: apply it first.
                picture = ImageOps.exif_transpose(image)
                out = io.BytesIO()
                if kind == "jpeg":
                    picture.convert("RGB").save(out, "JPEG", quality=90)
                else:
                    picture.save(out, "PNG")
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(BROKEN_IMAGE, code="broken_image") from error
    return out.getvalue()


def clean_pdf(data: bytes) -> bytes:
    """The document's objects written again (nothing before its header or after its end
    survives), refused when it is encrypted or holds active content."""
    import pypdf  # here: it takes a second to load, paid only by processes reading PDFs

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is protected by a password; upload it without protection."),
                code="encrypted_pdf",
            )
        if _has_active_content(reader.trailer):
            raise ValidationError(
                _("The PDF contains scripts, actions or attached files; upload a plain document."),
                code="active_pdf",
            )
        if not reader.pages:
            raise ValidationError(BROKEN_PDF, code="broken_pdf")
        writer = pypdf.PdfWriter(clone_from=reader)
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except Exception as error:  # pypdf raises many kinds of error on a malformed file
        raise ValidationError(BROKEN_PDF, code="broken_pdf") from error
    return out.getvalue()


def _has_active_content(root) -> bool:
    """Walks every object reachable from the trailer (streams are not decoded)."""
    import pypdf

    seen = set()
    stack = [root]
    while stack:
        if len(seen) > MAX_PDF_OBJECTS:
            return True
        item = stack.pop()
        if isinstance(item, pypdf.generic.IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, pypdf.generic.DictionaryObject):
            for name, value in item.items():
                named = isinstance(value, pypdf.generic.NameObject) and value in ACTIVE_PDF_NAMES
                if name in ACTIVE_PDF_NAMES or named:
                    return True
                stack.append(value)
        elif isinstance(item, pypdf.generic.ArrayObject):
            stack.extend(item)
    return False
