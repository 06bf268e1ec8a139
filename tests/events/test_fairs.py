"""Recruitment fairs: booths asked for by recognized enterprises, approved with a number,
the positions students apply to from a booth, and the openings the fairs offer."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from bases.models import TrainingBase
from events import selectors, services
from events.models import Booth, BoothVisit, Event
from mentorship.figures import FIGURES, count_rows
from mentorship.models import (
    EmailPreference,
    Notification,
    NotificationKind,
    OutgoingEmail,
    Role,
)
from mentorship.notifications import kinds_reaching
from mentorship.scoping import center_scope
from students.models import Application
from students.services import application_submit
from tests.bases.factories import EnterpriseFactory
from tests.events.factories import EventFactory
from tests.students.factories import (
    PositionFactory,
    StudentProfileFactory,
    TrainingBaseFactory,
    representative_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(center, unscoped):
    return EventFactory(center=center, kind=Event.Kind.FAIR, title="春季双选会")


@pytest.fixture
def base(center, unscoped):
    return TrainingBaseFactory(center=center, enterprise=EnterpriseFactory(name_zh="阿里巴巴"))


@pytest.fixture
def rep(center, base, unscoped):
    return representative_of(base.enterprise, center)


@pytest.fixture
def position(base, unscoped):
    return PositionFactory(base=base, title="算法实习生")


def ask(center, rep, fair, base, positions=(), openings=5):
    with center_scope(center):
        return services.booth_apply(
            center=center,
            actor=rep,
            event=fair,
            enterprise=base.enterprise,
            positions=list(positions),
            openings=openings,
        )


def decide(center, actor, booth, **kwargs):
    with center_scope(center):
        return services.booth_decide(center=center, actor=actor, booth=booth, **kwargs)


def test_a_recognized_enterprise_asks_and_the_coordinator_numbers_its_booth(
    center, fair, base, rep, position, coordinator, unscoped
):
    booth = ask(center, rep, fair, base, [position], openings=8)
    assert booth.status == Booth.Status.PENDING and list(booth.positions.all()) == [position]
    booth = decide(center, coordinator, booth, approve=True, number=" a12 ")
    assert (booth.status, booth.number, booth.decided_by) == ("approved", "A12", coordinator)
    with pytest.raises(ValidationError, match="already asked"):
        ask(center, rep, fair, base, [position])


def test_only_a_base_recognized_here_today_takes_a_booth(center, fair, base, rep, unscoped):
    base.recognized_until = timezone.localdate() - timedelta(days=1)
    base.save()
    with pytest.raises(ValidationError, match="recognized"):
        ask(center, rep, fair, base)
    base.recognized_until = timezone.localdate() + timedelta(days=30)
    base.status = TrainingBase.Status.UNDER_REVIEW
    base.save()
    with pytest.raises(ValidationError, match="recognized"):
        ask(center, rep, fair, base)


def test_someone_else_cannot_ask_for_the_enterprise(center, fair, base, member_factory, unscoped):
    stranger = member_factory(center, Role.ENTERPRISE)
    with pytest.raises(PermissionDenied):
        ask(center, stranger, fair, base)


def test_a_booth_lists_only_the_enterprise_s_open_positions_here(
    center, other_center, fair, base, rep, unscoped
):
    other = PositionFactory(base=TrainingBaseFactory(center=center), title="别家岗位")
    closed = PositionFactory(base=base, status="closed")
    elsewhere = PositionFactory(
        base=TrainingBaseFactory(center=other_center, enterprise=base.enterprise)
    )
    for wrong in (other, closed, elsewhere):
        with pytest.raises(ValidationError) as refused:
            ask(center, rep, fair, base, [wrong])
        assert "positions" in refused.value.message_dict


def test_only_a_fair_not_yet_started_takes_booths(center, base, rep, unscoped):
    lecture = EventFactory(center=center, kind=Event.Kind.LECTURE)
    with pytest.raises(ValidationError, match="Only a recruitment fair"):
        ask(center, rep, lecture, base)
    started = EventFactory(
        center=center, kind=Event.Kind.FAIR, starts_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="already started"):
        ask(center, rep, started, base)


def test_booth_numbers_are_a_row_and_a_number_and_unique_per_fair(
    center, fair, base, rep, coordinator, unscoped
):
    first = ask(center, rep, fair, base)
    second_base = TrainingBaseFactory(center=center)
    second = ask(center, representative_of(second_base.enterprise, center), fair, second_base)
    for bad in ("", "12", "AB1", "A1234"):
        with pytest.raises(ValidationError) as refused:
            decide(center, coordinator, first, approve=True, number=bad)
        assert "number" in refused.value.message_dict
    decide(center, coordinator, first, approve=True, number="B3")
    with pytest.raises(ValidationError, match="Another booth"):
        decide(center, coordinator, second, approve=True, number="b3")
    with pytest.raises(ValidationError) as refused:
        decide(center, coordinator, second, approve=False, reason=" ")
    assert "reason" in refused.value.message_dict
    second = decide(center, coordinator, second, approve=False, reason="展位已满")
    assert (second.status, second.number) == ("declined", "")


def test_only_coordinators_decide(center, fair, base, rep, unscoped):
    booth = ask(center, rep, fair, base)
    with pytest.raises(PermissionDenied):
        decide(center, rep, booth, approve=True, number="A1")


def test_fair_positions_offered_sum_the_approved_booths_of_fairs(
    center, other_center, fair, coordinator, unscoped
):
    def booth(event, openings, status=Booth.Status.APPROVED):
        return Booth.objects.create(
            center=event.center,
            event=event,
            enterprise=EnterpriseFactory(),
            openings=openings,
            status=status,
        )

    booth(fair, 8)
    booth(fair, 12)
    booth(fair, 100, status=Booth.Status.PENDING)
    booth(fair, 100, status=Booth.Status.DECLINED)
    booth(EventFactory(center=center, kind="fair", status="cancelled"), 50)
    booth(EventFactory(center=other_center, kind="fair"), 7)
    assert services.fair_positions_offered(center=center) == 20
    assert services.fair_positions_offered() == 27
    assert services.fair_positions_offered(center=center, year=fair.starts_at.year + 1) == 0


def test_a_student_applies_from_the_booth_and_the_enterprise_sees_it(
    client, center, fair, base, rep, position, coordinator, unscoped
):
    booth = decide(
        center, coordinator, ask(center, rep, fair, base, [position]), approve=True, number="A1"
    )
    student = StudentProfileFactory(center=center).user
    client.force_login(student)
    page = reverse("center:events:booth", kwargs={"center_slug": center.slug, "pk": booth.pk})
    assert "算法实习生" in client.get(page).content.decode()
    client.get(page)
    apply = reverse(
        "center:events:booth_position_apply",
        kwargs={"center_slug": center.slug, "pk": booth.pk, "position": position.pk},
    )
    response = client.post(apply, {"cover_letter": "在双选会上聊过。"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.source == f"fair-booth:{booth.pk}" and application.position == position
    assert BoothVisit.objects.filter(booth=booth).count() == 1
    # Applying twice is refused with the usual words, not a 500.
    response = client.post(apply, {"cover_letter": ""}, follow=True)
    assert "already applied" in response.content.decode()
    client.force_login(rep)
    body = client.get(page).content.decode()
    assert student.get_full_name() in body
    assert "1 student visited" in body


def test_an_application_from_the_position_search_has_no_source(center, position, unscoped):
    student = StudentProfileFactory(center=center).user
    with center_scope(center):
        application = application_submit(center=center, actor=student, position=position)
    assert application.source is None


def test_a_position_not_at_the_booth_is_not_found(
    client, center, fair, base, rep, position, coordinator, unscoped
):
    booth = decide(center, coordinator, ask(center, rep, fair, base), approve=True, number="A1")
    client.force_login(StudentProfileFactory(center=center).user)
    url = reverse(
        "center:events:booth_position_apply",
        kwargs={"center_slug": center.slug, "pk": booth.pk, "position": position.pk},
    )
    assert client.post(url).status_code == 404
    assert not Application.objects.exists()


def test_a_pending_booth_is_hidden_from_students(client, center, fair, base, rep, unscoped):
    booth = ask(center, rep, fair, base)
    url = reverse("center:events:booth", kwargs={"center_slug": center.slug, "pk": booth.pk})
    client.force_login(StudentProfileFactory(center=center).user)
    assert client.get(url).status_code == 404
    client.force_login(rep)
    assert "Awaiting approval" in client.get(url).content.decode()


def test_the_enterprise_asks_for_a_booth_on_the_page(
    client, center, fair, base, rep, position, unscoped
):
    client.force_login(rep)
    url = reverse("center:events:booth_apply", kwargs={"center_slug": center.slug, "pk": fair.pk})
    response = client.post(url, {"enterprise": base.enterprise.pk, "openings": "0"})
    assert response.status_code == 200 and "openings" in response.context["form"].errors
    response = client.post(
        url, {"enterprise": base.enterprise.pk, "openings": "6", "positions": [position.pk]}
    )
    booth = Booth.objects.get()
    assert response.status_code == 302 and booth.openings == 6


def test_the_coordinator_approves_on_the_booths_page(
    client, center, fair, base, rep, coordinator, unscoped
):
    booth = ask(center, rep, fair, base)
    client.force_login(coordinator)
    url = reverse("center:events:booth_decide", kwargs={"center_slug": center.slug, "pk": booth.pk})
    response = client.post(url, {"decision": "approve", "number": "x"}, follow=True)
    assert "row letter" in response.content.decode()
    client.post(url, {"decision": "approve", "number": "C7"})
    booth.refresh_from_db()
    assert booth.number == "C7"
    booths = reverse("center:events:booths", kwargs={"center_slug": center.slug, "pk": fair.pk})
    assert "C7" in client.get(booths).content.decode()


def test_the_booths_page_has_constant_queries(
    client, center, fair, django_assert_max_num_queries, unscoped
):
    def add(n):
        for _ in range(n):
            base = TrainingBaseFactory(center=center)
            booth = Booth.objects.create(
                center=center,
                event=fair,
                enterprise=base.enterprise,
                openings=3,
                status="approved",
                number=f"A{Booth.objects.count() + 1}",
            )
            booth.positions.set([PositionFactory(base=base), PositionFactory(base=base)])

    url = reverse("center:events:booths", kwargs={"center_slug": center.slug, "pk": fair.pk})
    add(2)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["approved"]) == 12
    assert response.context["openings"] == 36


def test_the_booth_s_applications_have_constant_queries(
    client, center, fair, base, rep, position, django_assert_max_num_queries, unscoped
):
    booth = Booth.objects.create(
        center=center,
        event=fair,
        enterprise=base.enterprise,
        openings=3,
        status="approved",
        number="A1",
    )
    booth.positions.set([position])

    def add(n):
        for _ in range(n):
            Application.objects.create(
                center=center,
                position=position,
                student=StudentProfileFactory(center=center),
                source=booth.source,
            )

    client.force_login(rep)
    url = reverse("center:events:booth", kwargs={"center_slug": center.slug, "pk": booth.pk})
    add(2)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 12
    assert selectors.booth_figures(center=center, booth=booth)["applications"] == 12


def test_the_figures_count_fair_openings_and_attendance(center, fair, unscoped):
    for openings, status in ((8, "approved"), (12, "approved"), (50, "pending")):
        Booth.objects.create(
            center=center,
            event=fair,
            enterprise=EnterpriseFactory(),
            openings=openings,
            status=status,
        )
    key = (fair.starts_at.year, timezone.localtime(fair.starts_at).month, "")
    with center_scope(center):
        assert count_rows(FIGURES["events.fair_positions_offered"])[key] == 20
        assert count_rows(FIGURES["events.held"])[(*key[:2], "fair")] == 1


def test_the_representative_hears_of_the_approval_with_the_number_in_their_language(
    center, fair, base, rep, position, coordinator, unscoped
):
    rep.language = "zh-hans"
    rep.save(update_fields=["language"])
    booth = ask(center, rep, fair, base, [position])
    decide(center, coordinator, booth, approve=True, number="b7")
    notice = Notification.objects.get(user=rep, kind=NotificationKind.BOOTH_DECISION)
    assert "B7" in notice.title and "春季双选会" in notice.title
    assert "B7" in notice.translations["en"][0] and "approved" in notice.translations["en"][0]
    email = OutgoingEmail.objects.get(to=rep.email)
    assert "B7" in email.subject and "展位" in email.subject
    assert notice.url.endswith(f"/events/booths/{booth.pk}/")


def test_the_representative_hears_why_the_booth_is_declined_and_may_skip_the_email(
    center, fair, base, rep, coordinator, unscoped
):
    EmailPreference.objects.create(user=rep, kind=NotificationKind.BOOTH_DECISION, send_email=False)
    booth = ask(center, rep, fair, base)
    decide(center, coordinator, booth, approve=False, reason="展区已满")
    notice = Notification.objects.get(user=rep, kind=NotificationKind.BOOTH_DECISION)
    assert "declined" in notice.translations["en"][0]
    assert "展区已满" in notice.translations["en"][1]
    assert not OutgoingEmail.objects.filter(to=rep.email).exists()
    assert NotificationKind.BOOTH_DECISION in kinds_reaching(rep)
