"""PDF documents drawn from HTML templates (WeasyPrint): service letters, annual reports.

A template extends `pdf/base.html`, which sets the page and the fonts: Noto Sans CJK (the
system's fonts-noto-cjk) for Chinese and Latin text alike, embedded in the file as a subset,
so the document reads the same on a machine without those fonts.
"""

import io

from django.conf import settings
from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language, override

# The first family the system has wins; the Simplified Chinese one draws 中文 in its own forms.
FONT_FAMILIES = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Noto Sans CJK JP",'
    ' "WenQuanYi Zen Hei", sans-serif'
)


def _no_fetching(url, *args, **kwargs):
    """Documents carry everything they show: nothing is fetched from files or the network."""
    raise ValueError(f"not fetched: {url[:80]}")


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """The template rendered in `language` (the current one by default) as a PDF."""
    return render_pdf_pages(template_name, context, language=language)[0]


def render_pdf_pages(
    template_name: str, context: dict, *, language: str | None = None
) -> tuple[bytes, int]:
    """The PDF of `render_pdf` and its number of pages."""
    with override(language or get_language() or settings.LANGUAGE_CODE):
        html = render_to_string(
            template_name,
            {**context, "pdf_fonts": FONT_FAMILIES, "pdf_language": get_language()},
        )
    # Imported here: WeasyPrint and its fonts take seconds to load, which every process of
    # the portal would pay at start for the few that draw a document.
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_no_fetching).render()
    return document.write_pdf(), len(document.pages)


def pdf_response(pdf: bytes, *, filename: str) -> FileResponse:
    """The document as a download (its name may be Chinese: RFC 6266's filename*)."""
    response = FileResponse(
        io.BytesIO(pdf), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
