"""The pages, driven through the test client: forms, field errors, who sees what."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bases.models import Enterprise, Position, TrainingBase
from mentorship.models import AuditEntry, Role
from tests.bases.factories import (
    PDF_BYTES,
    ApplicationFactory,
    EnterpriseFactory,
    PositionFactory,
    TrainingBaseFactory,
    credit_code,
    pdf_file,
    wrong_check_digit,
)
from tests.factories import UserFactory

# Set-up and checks read rows directly; the pages themselves run inside their center.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


def shows(html: str, enterprise) -> bool:
    """Whether a page names the enterprise, in either language."""
    return enterprise.name_zh in html or enterprise.name_en in html


def url(center, name, **kwargs):
    return reverse(f"center:bases:{name}", kwargs={"center_slug": center.slug, **kwargs})


REGISTRATION = {
    "name_zh": "杭州西溪数据科技有限公司",
    "name_en": "Hangzhou Xixi Data Co., Ltd.",
    "industry": "软件和信息技术服务业",
    "size": "small",
    "address": "杭州市西湖区西溪路 1 号",
    "contact_name": "陈静",
    "contact_phone": "0571-88000000",
}


# Registering an enterprise


def test_registration_form_registers_and_shows_the_enterprise(client, center, rep):
    client.force_login(rep)
    response = client.post(
        url(center, "enterprise_register"),
        {**REGISTRATION, "credit_code": credit_code(700), "business_licence": pdf_file()},
    )
    enterprise = Enterprise.objects.get()
    assert response.status_code == 302
    assert response.url == url(center, "enterprise_detail", pk=enterprise.pk)
    page = client.get(response.url).content.decode()
    assert "杭州西溪数据科技有限公司" in page
    assert url(center, "enterprise_licence", pk=enterprise.pk) in page


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("credit_code", {"credit_code": "9133010"}),
        ("credit_code", {"credit_code": "91330100MA27XL1AIO"}),
        ("credit_code", {"credit_code": wrong_check_digit(701)}),
        ("business_licence", {"business_licence": SimpleUploadedFile("l.pdf", b"hello")}),
        ("business_licence", {"business_licence": SimpleUploadedFile("l.pdf", b"")}),
        (
            "business_licence",
            {"business_licence": SimpleUploadedFile("l.pdf", PDF_BYTES + b"0" * 6_000_000)},
        ),
    ],
    ids=["length", "characters", "check-digit", "text-file", "empty-file", "too-large"],
)
def test_registration_errors_are_shown_beside_the_field(client, center, rep, field, overrides):
    client.force_login(rep)
    data = {
        **REGISTRATION,
        "credit_code": credit_code(702),
        "business_licence": pdf_file(),
        **overrides,
    }
    response = client.post(url(center, "enterprise_register"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert form.data["name_zh"] == REGISTRATION["name_zh"]
    assert not Enterprise.objects.exists()


def test_duplicate_credit_code_is_explained(client, center, rep):
    EnterpriseFactory(credit_code=credit_code(703))
    client.force_login(rep)
    response = client.post(
        url(center, "enterprise_register"),
        {**REGISTRATION, "credit_code": credit_code(703), "business_licence": pdf_file()},
    )
    assert "already registered" in response.context["form"].errors["credit_code"][0]
    assert Enterprise.objects.count() == 1


def test_representative_edits_the_enterprise(client, center, rep, enterprise):
    client.force_login(rep)
    page = client.get(url(center, "enterprise_edit", pk=enterprise.pk))
    assert "credit_code" not in page.context["form"].fields
    response = client.post(
        url(center, "enterprise_edit", pk=enterprise.pk),
        {**REGISTRATION, "address": "杭州市滨江区江南大道 2 号"},
    )
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.address == "杭州市滨江区江南大道 2 号"
    assert enterprise.business_licence  # kept when no new file is sent


def test_representative_adds_a_colleague_from_the_enterprise_page(
    client, center, rep, other_rep, enterprise
):
    client.force_login(rep)
    path = url(center, "enterprise_representative_add", pk=enterprise.pk)
    response = client.post(path, {"email": "nobody@example.test"})
    assert response.status_code == 200
    assert "email" in response.context["representative_form"].errors
    response = client.post(path, {"email": other_rep.email})
    assert response.status_code == 302
    assert set(enterprise.representatives.all()) == {rep, other_rep}
    page = client.get(url(center, "enterprise_detail", pk=enterprise.pk)).content.decode()
    assert other_rep.email in page
    assert url(center, "enterprise_representative_remove", pk=enterprise.pk, user_pk=rep.pk) in page


def test_a_stranger_cannot_remove_a_representative(client, center, rep, other_rep, enterprise):
    enterprise.representatives.add(UserFactory())
    client.force_login(other_rep)
    response = client.post(
        url(center, "enterprise_representative_remove", pk=enterprise.pk, user_pk=rep.pk)
    )
    assert response.status_code == 404
    assert enterprise.representatives.filter(pk=rep.pk).exists()


# The licence


def test_representative_downloads_the_licence(client, center, rep, enterprise):
    client.force_login(rep)
    response = client.get(url(center, "enterprise_licence", pk=enterprise.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"


def test_bureau_downloads_the_licence_once_an_application_is_submitted(
    client, center, bureau, enterprise, draft
):
    client.force_login(bureau)
    assert client.get(url(center, "enterprise_licence", pk=enterprise.pk)).status_code == 404
    TrainingBase.objects.filter(pk=draft.pk).update(
        status=TrainingBase.Status.SUBMITTED, submitted_at=timezone.now()
    )
    assert client.get(url(center, "enterprise_licence", pk=enterprise.pk)).status_code == 200


def test_bureau_of_the_center_where_the_enterprise_applied_reads_it_there(
    client, other_center, member_factory, enterprise
):
    TrainingBaseFactory(center=other_center, enterprise=enterprise, submitted=True)
    bureau_there = member_factory(other_center, Role.BUREAU)
    client.force_login(bureau_there)
    response = client.get(url(other_center, "enterprise_licence", pk=enterprise.pk))
    assert response.status_code == 200


# Object rules the isolation matrix cannot see: two enterprises in the same center


@pytest.fixture
def rival(center, other_rep):
    """Enterprise Y, represented by other_rep, with a recognized base and a position."""
    enterprise = EnterpriseFactory(representatives=[other_rep])
    enterprise.business_licence.save("licence.pdf", pdf_file(), save=True)
    base = TrainingBaseFactory(center=center, enterprise=enterprise, recognized=True)
    position = PositionFactory(base=base, title="竞争对手的保密岗位")
    return enterprise, base, position


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("enterprise_detail", "enterprise"),
        ("enterprise_edit", "enterprise"),
        ("enterprise_licence", "enterprise"),
        ("enterprise_representative_add", "enterprise"),
        ("base_detail", "base"),
        ("base_edit", "base"),
        ("base_submit", "base"),
        ("base_positions", "base"),
        ("position_create", "base"),
        ("position_detail", "position"),
        ("position_edit", "position"),
        ("position_publish", "position"),
        ("position_close", "position"),
    ],
)
def test_representative_of_x_gets_404_for_everything_of_y(
    client, center, rep, enterprise, rival, name, target
):
    rival_enterprise, rival_base, rival_position = rival
    pk = {"enterprise": rival_enterprise, "base": rival_base, "position": rival_position}[target].pk
    client.force_login(rep)
    path = url(center, name, pk=pk)
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path)
    assert response.status_code == 404
    assert not shows(response.content.decode(), rival_enterprise)
    rival_position.refresh_from_db()
    assert rival_position.status == Position.Status.OPEN


def test_lists_show_only_the_visitors_own_enterprise(client, center, rep, recognized, rival):
    client.force_login(rep)
    page = client.get(url(center, "base_list")).content.decode()
    assert shows(page, recognized.enterprise)
    assert not shows(page, rival[0])
    page = client.get(url(center, "enterprise_list")).content.decode()
    assert shows(page, recognized.enterprise)
    assert not shows(page, rival[0])


def test_bureau_never_sees_a_draft(client, center, bureau, draft):
    client.force_login(bureau)
    assert client.get(url(center, "base_detail", pk=draft.pk)).status_code == 404
    assert client.get(url(center, "enterprise_detail", pk=draft.enterprise.pk)).status_code == 404
    queue = client.get(url(center, "base_queue") + "?status=all").content.decode()
    assert not shows(queue, draft.enterprise)


def test_bureau_following_an_edit_link_lands_on_the_read_only_page(
    client, center, bureau, enterprise
):
    base = TrainingBaseFactory(center=center, enterprise=enterprise, submitted=True)
    client.force_login(bureau)
    response = client.get(url(center, "base_edit", pk=base.pk))
    assert response.status_code == 302
    assert response.url == url(center, "base_detail", pk=base.pk)
    response = client.post(url(center, "base_submit", pk=base.pk))
    assert response.url == url(center, "base_detail", pk=base.pk)


# The workflow through the pages


def test_application_from_draft_to_recognition_through_the_pages(
    client, center, rep, bureau, enterprise
):
    client.force_login(rep)
    response = client.post(
        url(center, "base_create"),
        {
            "enterprise": enterprise.pk,
            "kind": "internship",
            "introduction": "实习生在导师指导下参与真实项目。",
            "yearly_capacity": 15,
        },
    )
    base = TrainingBase.objects.get()
    assert response.url == url(center, "base_detail", pk=base.pk)
    client.post(url(center, "base_submit", pk=base.pk))
    base.refresh_from_db()
    assert base.status == TrainingBase.Status.SUBMITTED

    client.force_login(bureau)
    queue = client.get(url(center, "base_queue")).content.decode()
    assert shows(queue, enterprise)
    client.post(url(center, "base_start_review", pk=base.pk))
    page = client.get(url(center, "base_detail", pk=base.pk))
    assert "recognize_form" in page.context
    today = timezone.localdate()
    response = client.post(
        url(center, "base_recognize", pk=base.pk),
        {
            "recognized_from": today.isoformat(),
            "recognized_until": (today + timedelta(days=730)).isoformat(),
        },
    )
    assert response.status_code == 302
    base.refresh_from_db()
    assert base.status == TrainingBase.Status.RECOGNIZED
    page = client.get(url(center, "base_detail", pk=base.pk))
    history = page.context["history"]
    assert [entry.verb for entry in history] == [
        "base.created",
        "base.submitted",
        "base.review_started",
        "base.recognized",
    ]
    assert "bases/_history.html" in [template.name for template in page.templates]
    until = (today + timedelta(days=730)).isoformat()
    assert history[-1].details == [f"Valid from {today.isoformat()} to {until}"]
    assert f"Valid from {today.isoformat()} to {until}" in page.content.decode()


def test_recognition_dates_in_the_wrong_order_are_a_field_error(client, center, bureau, enterprise):
    base = TrainingBaseFactory(center=center, enterprise=enterprise, under_review=True)
    client.force_login(bureau)
    today = timezone.localdate()
    response = client.post(
        url(center, "base_recognize", pk=base.pk),
        {
            "recognized_from": today.isoformat(),
            "recognized_until": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "recognized_until" in response.context["recognize_form"].errors
    assert 'id="recognize_recognized_until_error"' in response.content.decode()
    base.refresh_from_db()
    assert base.status == TrainingBase.Status.UNDER_REVIEW


@pytest.mark.parametrize("action", ["base_return", "base_reject"])
def test_return_or_reject_without_comment_is_a_field_error(
    client, center, bureau, enterprise, action
):
    base = TrainingBaseFactory(center=center, enterprise=enterprise, under_review=True)
    client.force_login(bureau)
    response = client.post(url(center, action, pk=base.pk), {"comment": ""})
    assert response.status_code == 200
    form_name = "return_form" if action == "base_return" else "reject_form"
    message = response.context[form_name].errors["comment"][0]
    assert message.startswith("Say what" if action == "base_return" else "Give the reason")
    base.refresh_from_db()
    assert base.status == TrainingBase.Status.UNDER_REVIEW
    assert not AuditEntry.objects.filter(verb__in=["base.returned", "base.rejected"]).exists()


def test_submitting_again_shows_a_message_not_an_error_page(client, center, rep, enterprise):
    base = TrainingBaseFactory(center=center, enterprise=enterprise, submitted=True)
    client.force_login(rep)
    response = client.post(url(center, "base_submit", pk=base.pk), follow=True)
    assert response.status_code == 200
    assert any("cannot be done" in str(m) for m in response.context["messages"])


# Positions through the pages


def position_data(**overrides):
    today = timezone.localdate()
    return {
        "title": "前端开发实习生",
        "department": "技术部",
        "description": "参与前端页面开发。",
        "city": "杭州",
        "location": "文一西路969号",
        "openings": 3,
        "duration_months": 4,
        "stipend": "3500.00",
        "majors": "计算机科学与技术，软件工程",
        "start_date": (today + timedelta(days=30)).isoformat(),
        "deadline": (today + timedelta(days=10)).isoformat(),
        **overrides,
    }


def test_position_form_creates_a_draft_then_publishes(client, center, rep, recognized):
    client.force_login(rep)
    response = client.post(url(center, "position_create", pk=recognized.pk), position_data())
    position = Position.objects.get()
    assert response.url == url(center, "position_detail", pk=position.pk)
    assert position.stipend == Decimal("3500.00")
    assert position.majors == "计算机科学与技术,软件工程"
    client.post(url(center, "position_publish", pk=position.pk))
    position.refresh_from_db()
    assert position.status == Position.Status.OPEN
    assert position.published_at is not None


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("duration_months", {"duration_months": 2}),
        ("duration_months", {"duration_months": 7}),
        ("stipend", {"stipend": "-100"}),
        (
            "deadline",
            {
                "start_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
                "deadline": (timezone.localdate() + timedelta(days=6)).isoformat(),
            },
        ),
        ("deadline", {"deadline": (timezone.localdate() - timedelta(days=1)).isoformat()}),
        ("openings", {"openings": 0}),
    ],
    ids=["2-months", "7-months", "negative-stipend", "deadline-after-start", "past", "none"],
)
def test_position_form_errors_are_beside_the_field(
    client, center, rep, recognized, field, overrides
):
    client.force_login(rep)
    response = client.post(
        url(center, "position_create", pk=recognized.pk), position_data(**overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Position.objects.exists()


def test_duration_error_says_3_to_6_months(client, center, rep, recognized):
    client.force_login(rep)
    response = client.post(
        url(center, "position_create", pk=recognized.pk), position_data(duration_months=7)
    )
    assert response.context["form"].errors["duration_months"] == [
        "An internship lasts 3 to 6 months."
    ]


def test_no_position_form_for_a_workplace_base(client, center, rep, enterprise):
    base = TrainingBaseFactory(
        center=center, enterprise=enterprise, kind="workplace", recognized=True
    )
    client.force_login(rep)
    response = client.get(url(center, "position_create", pk=base.pk))
    assert response.status_code == 302
    assert response.url == url(center, "base_detail", pk=base.pk)


def test_positions_list_counts_applicants(client, center, rep, recognized):
    position = PositionFactory(base=recognized)
    ApplicationFactory(position=position)
    ApplicationFactory(position=position, status="shortlisted")
    ApplicationFactory(position=position, status="withdrawn")
    client.force_login(rep)
    response = client.get(url(center, "base_positions", pk=recognized.pk))
    (row,) = response.context["positions"]
    assert (row.applicant_count, row.new_applicant_count) == (2, 1)


# The bureau's queue


def test_queue_filters_by_status_and_kind_and_sorts_by_submission(client, center, bureau):
    now = timezone.now()
    old = TrainingBaseFactory(center=center, submitted=True, submitted_at=now - timedelta(9))
    new = TrainingBaseFactory(center=center, submitted=True, submitted_at=now - timedelta(1))
    workplace = TrainingBaseFactory(
        center=center, kind="workplace", under_review=True, submitted_at=now - timedelta(5)
    )
    done = TrainingBaseFactory(center=center, recognized=True)
    client.force_login(bureau)

    def rows(query=""):
        return list(client.get(url(center, "base_queue") + query).context["page"])

    assert rows() == [old, workplace, new]
    assert rows("?sort=newest") == [new, workplace, old]
    assert rows("?kind=workplace") == [workplace]
    assert rows("?status=submitted") == [old, new]
    assert rows("?status=recognized") == [done]
    assert rows("?status=nonsense&kind=nonsense") == [old, workplace, new]


def test_queue_pages_without_counting(client, center, bureau, django_assert_max_num_queries):
    from bases import views

    TrainingBaseFactory.create_batch(views.QUEUE_PAGE_SIZE + 2, center=center, submitted=True)
    client.force_login(bureau)
    first = client.get(url(center, "base_queue")).context["page"]
    assert len(first) == views.QUEUE_PAGE_SIZE
    assert first.has_next and not first.has_previous
    second = client.get(url(center, "base_queue") + "?page=2").context["page"]
    assert len(second) == 2
    assert second.has_previous and not second.has_next
    assert not {b.pk for b in first} & {b.pk for b in second}


# Navigation


def test_navigation_links_by_role(client, center, rep, bureau):
    client.force_login(rep)
    page = client.get(reverse("center:home", kwargs={"center_slug": center.slug}))
    html = page.content.decode()
    assert url(center, "enterprise_list") in html
    assert url(center, "base_queue") not in html
    client.force_login(bureau)
    html = client.get(reverse("center:home", kwargs={"center_slug": center.slug})).content
    assert url(center, "base_queue") in html.decode()
    assert url(center, "enterprise_list") not in html.decode()


def test_enterprise_page_title_is_only_its_name(client, center, unscoped):
    """The page's <title> once swallowed a whole section of the page."""
    from tests.bases.factories import EnterpriseFactory
    from tests.students.factories import representative_of

    enterprise = EnterpriseFactory(name_zh="标题测试有限公司")
    client.force_login(representative_of(enterprise, center))
    response = client.get(
        reverse(
            "center:bases:enterprise_detail",
            kwargs={"center_slug": center.slug, "pk": enterprise.pk},
        )
    )
    title = response.content.decode().split("<title>")[1].split("</title>")[0]
    assert title.startswith("标题测试有限公司")
    assert "<" not in title
