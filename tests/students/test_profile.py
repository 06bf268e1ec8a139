"""The student's profile page: a complete save, bad input shown beside the field with
nothing saved, an earlier résumé kept when a new upload is refused, and a résumé chosen
before an error in another field kept for the next try."""

import io
import re
from datetime import timedelta

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mentorship.models import AuditEntry, Role
from mentorship.scoping import center_scope
from mentorship.uploads import PENDING_FOLDER, PENDING_MAX_AGE, sweep_pending_uploads
from students.models import StudentProfile
from students.pdf import simple_pdf
from tests.factories import UniversityFactory
from tests.students.factories import StudentProfileFactory


@pytest.fixture
def student(center, member_factory):
    return member_factory(center, Role.STUDENT)


@pytest.fixture
def university(center, unscoped):
    return UniversityFactory(center=center, name_en="Alpha University")


def url(center):
    return reverse("center:students:profile", kwargs={"center_slug": center.slug})


def pdf_upload(name="cv.pdf"):
    return SimpleUploadedFile(name, simple_pdf(["My CV"]), content_type="application/pdf")


def good_data(uni, **overrides):
    data = {
        "university": uni.pk,
        "major": "计算机科学",
        "degree": "bachelor",
        "graduation_year": "2027",
        "student_number": "20230001",
        "phone": "138 1234-5678",
        "skills": "Python",
        "resume": pdf_upload(),
    }
    data.update(overrides)
    return data


def profile_of(center, user):
    with center_scope(center):
        return StudentProfile.objects.filter(user=user).first()


def test_student_saves_a_complete_profile(client, center, student, university):
    client.force_login(student)
    response = client.post(url(center), good_data(university))
    assert response.status_code == 302
    profile = profile_of(center, student)
    assert profile.is_complete
    assert profile.phone == "13812345678"  # spaces and dashes dropped
    assert profile.resume.name.startswith("private/resumes/")
    assert profile.resume.name.endswith(".pdf")
    assert AuditEntry.objects.filter(verb="student_profile.updated", actor=student).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "12345"),
        ("phone", "2381234567a"),
        ("graduation_year", "1999"),
        ("graduation_year", "2041"),
        ("graduation_year", "next year"),
        ("major", ""),
        ("university", "999999"),
    ],
)
def test_bad_field_is_shown_next_to_it_and_nothing_is_saved(
    client, center, student, university, field, value
):
    client.force_login(student)
    response = client.post(url(center), good_data(university, **{field: value}))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert profile_of(center, student) is None


def test_university_of_another_center_is_refused(client, center, other_center, student, unscoped):
    UniversityFactory(center=center)
    foreign = UniversityFactory(center=other_center)
    client.force_login(student)
    response = client.post(url(center), good_data(foreign))
    assert "university" in response.context["form"].errors
    assert profile_of(center, student) is None


@pytest.mark.parametrize(
    ("upload", "code_words"),
    [
        (SimpleUploadedFile("cv.pdf", b"just some text, not a PDF\n" * 10), "PDF"),
        (SimpleUploadedFile("cv.pdf", b""), ""),
        (
            SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 10) + b"%%EOF"),
            "MB",
        ),
        (SimpleUploadedFile("cv.pdf", b"%PDF-1.4\nno end of file marker"), ""),
    ],
    ids=["text-named-pdf", "empty", "too-large", "truncated"],
)
def test_bad_resume_is_refused_and_earlier_resume_kept(
    client, center, student, university, upload, code_words
):
    with center_scope(center):
        profile = StudentProfileFactory(center=center, user=student, university=university)
    earlier = profile.resume.name
    client.force_login(student)
    response = client.post(
        url(center), good_data(university, resume=upload, major="新的专业", phone="13900000000")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "resume" in errors
    assert code_words in " ".join(errors["resume"])
    profile.refresh_from_db()
    # Nothing of the refused submission is kept: neither the file nor the other fields.
    assert profile.resume.name == earlier
    assert profile.resume.storage.exists(earlier)
    assert profile.major == "统计学"
    assert profile.phone != "13900000000"


def test_new_resume_replaces_the_old_one_after_commit(
    client, center, student, university, django_capture_on_commit_callbacks
):
    with center_scope(center):
        profile = StudentProfileFactory(center=center, user=student, university=university)
    earlier = profile.resume.name
    client.force_login(student)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(center), good_data(university, student_number="S-1"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.resume.name != earlier
    assert not profile.resume.storage.exists(earlier)


def test_profile_without_new_upload_keeps_the_resume(client, center, student, university):
    with center_scope(center):
        profile = StudentProfileFactory(center=center, user=student, university=university)
    earlier = profile.resume.name
    client.force_login(student)
    data = good_data(university, major="金融学")
    del data["resume"]
    assert client.post(url(center), data).status_code == 302
    profile.refresh_from_db()
    assert (profile.major, profile.resume.name) == ("金融学", earlier)


def test_student_number_taken_at_the_same_university(
    client, center, student, university, member_factory
):
    with center_scope(center):
        StudentProfileFactory(center=center, university=university, student_number="20230001")
    client.force_login(student)
    response = client.post(url(center), good_data(university, student_number="20230001"))
    assert response.status_code == 200
    assert "student_number" in response.context["form"].errors
    assert profile_of(center, student) is None


def test_changing_the_student_number_voids_verification(client, center, student, university):
    from django.utils import timezone

    with center_scope(center):
        profile = StudentProfileFactory(
            center=center, user=student, university=university, verified_at=timezone.now()
        )
    client.force_login(student)
    data = good_data(university, student_number="NEW-1")
    del data["resume"]
    client.post(url(center), data)
    profile.refresh_from_db()
    assert profile.verified_at is None


def test_profile_page_offers_only_this_centers_universities(
    client, center, other_center, student, unscoped
):
    mine = UniversityFactory(center=center, name_en="Mine University")
    UniversityFactory(center=other_center, name_en="Foreign University")
    client.force_login(student)
    page = client.get(url(center)).content.decode()
    assert mine.name_en in page or mine.name_zh in page
    assert "Foreign University" not in page


def test_student_downloads_own_resume(client, center, student, university):
    with center_scope(center):
        StudentProfileFactory(center=center, user=student, university=university)
    client.force_login(student)
    response = client.get(reverse("center:students:my_resume", kwargs={"center_slug": center.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_audit_names_the_changed_fields_without_copying_personal_data(
    client, center, student, university
):
    client.force_login(student)
    client.post(url(center), good_data(university))
    entry = AuditEntry.objects.get(verb="student_profile.updated")
    assert "phone" in entry.after["changed"]
    assert entry.after["resume_replaced"] is True
    assert "13812345678" not in str(entry.after) + str(entry.before)


# A résumé chosen before a form error is kept


def test_resume_chosen_before_an_error_is_kept_and_saved_once_the_error_is_fixed(
    client, center, student, university
):
    client.force_login(student)
    chosen = simple_pdf(["Chosen once"])
    refused = client.post(
        url(center),
        good_data(university, phone="12345", resume=SimpleUploadedFile("my-cv.pdf", chosen)),
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "phone" in refused.context["form"].errors
    assert "Your résumé “my-cv.pdf” is kept: you do not need to choose it again." in page
    token = re.search(r'name="kept_resume" value="([^"]+)"', page).group(1)
    assert profile_of(center, student) is None

    # The phone is fixed; no file is chosen this time.
    data = good_data(university, kept_resume=token)
    del data["resume"]
    assert client.post(url(center), data).status_code == 302
    profile = profile_of(center, student)
    assert profile.is_complete
    with profile.resume.open("rb") as saved:
        # A clean copy of the same document is what is stored.
        assert text_of(saved.read()) == text_of(chosen)
    # The kept copy is gone once it is saved with the profile.
    assert not default_storage.listdir(PENDING_FOLDER)[1]


def test_a_resume_refused_by_its_own_checks_is_not_kept(client, center, student, university):
    client.force_login(student)
    response = client.post(
        url(center),
        good_data(university, phone="12345", resume=SimpleUploadedFile("cv.pdf", b"not a pdf")),
    )
    assert "resume" in response.context["form"].errors
    assert 'name="kept_resume"' not in response.content.decode()


def test_kept_resume_survives_a_second_error(client, center, student, university):
    client.force_login(student)
    first = client.post(url(center), good_data(university, phone="12345"))
    token = re.search(r'name="kept_resume" value="([^"]+)"', first.content.decode()).group(1)
    data = good_data(university, major="", kept_resume=token)
    del data["resume"]
    second = client.post(url(center), data)
    assert "major" in second.context["form"].errors
    assert f'value="{token}"' in second.content.decode()
    data = good_data(university, kept_resume=token)
    del data["resume"]
    assert client.post(url(center), data).status_code == 302
    assert profile_of(center, student).resume


def test_someone_elses_kept_resume_token_is_ignored(
    client, center, student, university, member_factory
):
    client.force_login(student)
    first = client.post(url(center), good_data(university, phone="12345"))
    token = re.search(r'name="kept_resume" value="([^"]+)"', first.content.decode()).group(1)
    other = member_factory(center, Role.STUDENT)
    client.force_login(other)
    data = good_data(university, student_number="OTHER-1", kept_resume=token)
    del data["resume"]
    assert client.post(url(center), data).status_code == 302
    assert not profile_of(center, other).resume


def test_kept_resumes_nobody_came_back_for_are_swept(client, center, student, university):
    client.force_login(student)
    client.post(url(center), good_data(university, phone="12345"))
    assert len(default_storage.listdir(PENDING_FOLDER)[1]) == 1
    assert sweep_pending_uploads() == 0
    later = timezone.now() + PENDING_MAX_AGE + timedelta(minutes=1)
    assert sweep_pending_uploads(now=later) == 1
    assert not default_storage.listdir(PENDING_FOLDER)[1]


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
