"""`seed_demo --scale program` at a thousandth of the program: the same bulk loaders as the
full year write rows that hold together (every foreign row in the same center, every date in
its order, derived from the demo's today), and every figure of the dashboards counts some."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from bases.models import Position, TrainingBase
from events.models import Booth, Event, Registration
from mentors.models import ConsultationSlot, MentorApproval, QueueTicket
from mentorship.figures import figures
from mentorship.management.commands.seed_demo import SCALE_DOMAIN
from mentorship.models import FigureValue, Membership, Role, User
from outcomes.models import DestinationSurvey, EmploymentOffer
from projects.models import Project
from students.models import Application, Placement, StudentProfile

pytestmark = pytest.mark.usefixtures("unscoped")

FACTOR = 0.001


@pytest.fixture
def scaled(demo):
    out = StringIO()
    call_command("seed_demo", scale="program", factor=FACTOR, stdout=out)
    return out.getvalue()


def scale_users():
    return User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}")


def test_the_default_demo_loads_no_program_scale_year(demo):
    assert not scale_users().exists()


def test_a_thousandth_of_the_program_loads_in_the_demo_s_centers(scaled):
    assert "Loading a year of the program in bulk (factor 0.001)" in scaled
    # 100 students at a thousandth, each applying to five positions of their center (or to
    # all, where a center has fewer than five at this scale).
    students = StudentProfile.objects.filter(user__email__endswith=f"@{SCALE_DOMAIN}")
    assert students.count() == 100
    assert Application.objects.filter(student__in=students).count() >= 300
    assert (
        Membership.objects.filter(
            user__email__endswith=f"@{SCALE_DOMAIN}", role=Role.STUDENT, is_active=True
        ).count()
        == 100
    )
    # Loading again adds nothing.
    before = scale_users().count()
    out = StringIO()
    call_command("seed_demo", scale="program", factor=FACTOR, stdout=out)
    assert "The program-scale year is loaded: nothing added" in out.getvalue()
    assert scale_users().count() == before


def test_its_rows_hold_together(scaled):
    today = timezone.localdate()
    year_ago = today - timedelta(days=365)
    bulk = {"center__in": StudentProfile.objects.values("center")}
    # Every row points at rows of its own center.
    assert not Application.objects.exclude(position__center=F("center")).exists()
    assert not Application.objects.exclude(student__center=F("center")).exists()
    assert not Position.objects.exclude(base__center=F("center")).exists()
    placements = Placement.objects.filter(student__user__email__endswith=f"@{SCALE_DOMAIN}")
    assert placements.exists()
    for placement in placements.select_related("application", "position"):
        application = placement.application
        assert application.status == Application.Status.ACCEPTED
        assert (application.student_id, application.position_id) == (
            placement.student_id,
            placement.position_id,
        )
        assert placement.base_id == placement.position.base_id
        assert placement.center_id == application.center_id
        assert placement.position.published_at <= application.created_at
        assert timezone.localdate(application.created_at) <= placement.start_date
        assert placement.start_date < placement.end_date
        if placement.status != Placement.Status.ONGOING:
            assert placement.end_date <= today
    # Bases recognized within the year, positions published after their base's recognition.
    bases = TrainingBase.objects.filter(enterprise__representatives__email__endswith=SCALE_DOMAIN)
    assert bases.exists()
    assert not bases.exclude(recognized_from__gte=year_ago, recognized_from__lte=today).exists()
    for position in Position.objects.filter(base__in=bases).exclude(published_at=None):
        assert timezone.localdate(position.published_at) >= position.base.recognized_from
    # Offers follow completed placements only; surveys go to the latest class only.
    for offer in EmploymentOffer.objects.filter(placement__in=placements):
        assert offer.placement.status == Placement.Status.COMPLETED
        assert offer.placement.end_date <= offer.offered_on <= today
        assert offer.center_id == offer.placement.center_id
    surveys = DestinationSurvey.objects.filter(student__user__email__endswith=SCALE_DOMAIN)
    assert surveys.filter(answered_at__isnull=False).exists()
    for survey in surveys:
        assert survey.graduated_on == date(survey.student.graduation_year, 7, 1) <= today
        assert survey.answered_at is None or survey.answered_at >= survey.sent_at
    # Booths belong to enterprises the center recognized by the fair's day; the seats of
    # an event are its center's students, checked in only once it began.
    for booth in Booth.objects.filter(**bulk).select_related("event"):
        assert TrainingBase.objects.filter(
            center=booth.center_id,
            enterprise=booth.enterprise_id,
            recognized_from__lte=timezone.localdate(booth.event.starts_at),
        ).exists()
        assert booth.status == Booth.Status.APPROVED
    seats = Registration.objects.filter(user__email__endswith=SCALE_DOMAIN)
    assert seats.filter(checked_in_at__isnull=False).exists()
    assert not seats.exclude(
        user__memberships__center=F("center"), user__memberships__role=Role.STUDENT
    ).exists()
    assert not seats.filter(
        checked_in_at__isnull=False, event__starts_at__gt=timezone.now()
    ).exists()
    assert Event.objects.filter(kind=Event.Kind.FAIR, booths__in=Booth.objects.all()).exists()
    # Consultations held by approved mentors of the center with its students.
    tickets = QueueTicket.objects.filter(student__email__endswith=SCALE_DOMAIN)
    assert tickets.exists()
    assert not tickets.exclude(seat__activity=F("activity")).exists()
    for ticket in tickets.select_related("seat")[:50]:
        assert MentorApproval.objects.filter(
            center=ticket.center_id, profile=ticket.seat.mentor_id, status="approved"
        ).exists()
    assert ConsultationSlot.objects.filter(student__email__endswith=SCALE_DOMAIN).exists()
    # Projects by the center's students; an incubated one has a mentor of the center.
    projects = Project.objects.filter(owner__email__endswith=SCALE_DOMAIN)
    assert projects.exists()
    assert not projects.exclude(call__center=F("center")).exists()
    assert not projects.filter(Q(incubated_at__isnull=False) & Q(mentor=None)).exists()
    assert not projects.filter(incubated_at__lt=F("submitted_at")).exists()


def test_every_figure_counts_some_and_the_rates_show(scaled, client):
    counted = set(FigureValue.objects.filter(value__gt=0).values_list("figure", flat=True))
    assert {f.name for f in figures()} <= counted
    client.force_login(User.objects.get(email="program@demo.example"))
    # The year before the suite's today (31 March 2026) holds most of the loaded year.
    body = client.get(reverse("program_figures") + "?year=2025").content.decode()
    rates = body.split('id="rates-title"')[1].split("</section>")[0]
    assert rates.count("%") >= 3
