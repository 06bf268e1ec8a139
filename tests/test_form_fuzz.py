"""Every form of every page, filled by Hypothesis: values drawn from what each field is (a
number field gets numbers of any size, a date field dates of any year, a select its own
options, a file field bytes that may claim to be a PDF), mixed with text of any kind and
fields left out. No submission becomes a server error.

The forms are found on the pages as a person meets them (the matrices of tests/isolation.py
walk the URLconf), so a new form is fuzzed by existing. The examples are derived from the
test's name, the same on every run.
"""

from datetime import date, datetime, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorship.models import Role
from mentorship.notifications import notify
from tests.factories import UserFactory
from tests.isolation import center_urls, load_row_makers, make_row, site_urls
from tests.junk import JUNK_VALUES, LAYOUT_FORM_TARGETS, Field, forms_of, target_of, url_name_of

pytestmark = pytest.mark.django_db

load_row_makers()
EXAMPLES = 12
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

ANY_TEXT = st.one_of(st.text(max_size=80), st.sampled_from(JUNK_VALUES))


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("upload.pdf", content, content_type="application/pdf")


def value_of(described: Field):
    """Values a person (or a script) could send in this field."""
    kind = described.kind
    if described.tag == "select":
        fitting = st.sampled_from(described.choices or [""])
    elif kind == "number":
        fitting = st.one_of(
            st.integers(-(10**20), 10**20).map(str),
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
        )
    elif kind == "date":
        fitting = st.dates(date(1, 1, 1), date(9999, 12, 31)).map(date.isoformat)
    elif kind == "datetime-local":
        fitting = st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31)).map(
            lambda moment: moment.isoformat(timespec="minutes")
        )
    elif kind == "time":
        fitting = st.times().map(time.isoformat)
    elif kind == "email":
        fitting = st.emails()
    elif kind in ("checkbox", "radio"):
        fitting = st.sampled_from([described.value or "on", ""])
    elif kind == "hidden":
        fitting = st.just(described.value)
    elif kind == "file":
        return st.binary(max_size=2000).flatmap(
            lambda tail: st.sampled_from([_upload(tail), _upload(b"%PDF-1.4\n" + tail)])
        )
    else:
        fitting = st.text(max_size=400)
    return st.one_of(fitting, fitting, ANY_TEXT)


def submissions(form):
    """A form's fields, each drawn or left out, and one of its buttons pressed."""
    fields = {name: st.one_of(value_of(kind), st.none()) for name, kind in form.kinds.items()}
    pressed = st.sampled_from([None, *dict.fromkeys(form.buttons)])
    return st.tuples(st.fixed_dictionaries(fields), pressed).map(
        lambda drawn: {
            **{name: value for name, value in drawn[0].items() if value is not None},
            **(dict([drawn[1]]) if drawn[1] else {}),
        }
    )


def fuzz_forms_of(client, path: str, family) -> int:
    """Fill each form of the page at `path` that posts to a page of `family`; the count."""
    page = client.get(path)
    fuzzed = 0
    for form in forms_of(page):
        target = target_of(form, path)
        name = url_name_of(target) if target else ""
        if not family(name) or name in LAYOUT_FORM_TARGETS or not form.kinds:
            continue
        fuzz(client, form.method if form.method == "get" else "post", target, form)
        fuzzed += 1
    return fuzzed


def fuzz(client, method: str, target: str, form) -> None:
    @FUZZ
    @given(data=submissions(form))
    def submit(data):
        response = getattr(client, method)(target, data)
        assert response.status_code < 500, (method, target, data)

    submit()


def test_every_form_of_a_center_page_survives_hypothesis(client, center, member_factory):
    fuzzed = 0
    for url in center_urls():
        row = make_row(url, center)
        roles = url.access if isinstance(url.access, tuple) else (Role.STUDENT,)
        client.force_login(member_factory(center, row.role or roles[0]))
        path = reverse(url.name, kwargs={"center_slug": center.slug, **row.kwargs})
        fuzzed += fuzz_forms_of(client, path, family=lambda name: name.startswith("center:"))
    # The matrix reached the forms: profiles, applications, claims, settings and more.
    assert fuzzed >= 30


def test_every_form_of_a_site_page_survives_hypothesis(client, center, member_factory):
    staff = member_factory(center, *Role.values, user=UserFactory(is_program_staff=True))
    notify(staff, "welcome", title="hello", url="/")
    client.force_login(staff)
    urls = site_urls()
    names = {url.name for url in urls}
    fuzzed = 0
    for url in urls:
        row = make_row(url, center)
        fuzzed += fuzz_forms_of(client, reverse(url.name, kwargs=row.kwargs), names.__contains__)
    assert fuzzed >= 10
