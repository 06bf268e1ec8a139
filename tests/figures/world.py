"""A small program built by hand, whose figures a person can count on paper."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django_scopes import scopes_disabled

from bases.models import Position, TrainingBase
from students.models import Application, Placement
from subsidies.models import SubsidyClaim
from tests.students.factories import (
    ApplicationFactory,
    PlacementFactory,
    PositionFactory,
    TrainingBaseFactory,
)
from tests.subsidies.factories import claim_row

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def build_world(center, other_center):
    """Rows whose figures the tests below count by hand; the other center holds noise."""
    with scopes_disabled():
        internship = TrainingBaseFactory(center=center, recognized_from=date(2025, 3, 1))
        TrainingBaseFactory(center=center, recognized_from=date(2025, 7, 15))
        workplace = TrainingBaseFactory(
            center=center, kind=TrainingBase.Kind.WORKPLACE, recognized_from=date(2026, 1, 10)
        )
        # Not recognized: never a recognized base.
        TrainingBaseFactory(
            center=center, status=TrainingBase.Status.SUBMITTED, recognized_from=None
        )
        # Published just before midnight in Beijing on 31 December: a position of 2025.
        december = PositionFactory(
            base=internship, openings=3, published_at=at(2025, 12, 31, 23, 50)
        )
        # Published 00:10 on 1 January in Beijing (still 2025 in UTC): a position of 2026.
        january = PositionFactory(base=internship, openings=4, published_at=at(2026, 1, 1, 0, 10))
        PositionFactory(
            base=internship, openings=2, status=Position.Status.FILLED, published_at=at(2026, 2, 3)
        )
        # A draft is not published.
        PositionFactory(base=internship, status=Position.Status.DRAFT, published_at=None)

        applications = [
            ApplicationFactory(position=december),
            ApplicationFactory(position=january, status=Application.Status.WITHDRAWN),
            ApplicationFactory(position=january, status=Application.Status.REJECTED),
        ]
        for application, moment in zip(
            applications, [at(2025, 12, 31, 12), at(2026, 1, 2), at(2026, 2, 1)], strict=True
        ):
            Application.objects.filter(pk=application.pk).update(created_at=moment)

        PlacementFactory(
            application__position=december, start_date=date(2026, 1, 5), end_date=date(2026, 4, 4)
        )
        workplace_position = PositionFactory(base=workplace, published_at=None)
        Position.objects.filter(pk=workplace_position.pk).update(status=Position.Status.DRAFT)
        PlacementFactory(
            application__position=workplace_position,
            start_date=date(2026, 2, 1),
            end_date=date(2026, 5, 1),
            status=Placement.Status.TERMINATED,
            terminated_on=date(2026, 3, 1),
        )
        for application in Application.objects.filter(center=center, placement__isnull=False):
            Application.objects.filter(pk=application.pk).update(created_at=at(2025, 11, 20))

        claim_row(
            center,
            internship,
            1,
            status=SubsidyClaim.Status.PAID,
            approved_amount=Decimal("5000.50"),
            paid_at=at(2026, 2, 28, 23, 30),
            payment_reference="HZ-2026-0001",
        )
        claim_row(center, internship, 2, status=SubsidyClaim.Status.APPROVED, approved_amount=1)

        # Noise in another center: none of it is the first center's.
        noise = TrainingBaseFactory(center=other_center, recognized_from=date(2025, 3, 1))
        PlacementFactory(
            application__position=PositionFactory(base=noise, published_at=at(2026, 1, 1)),
            start_date=date(2026, 1, 5),
            end_date=date(2026, 4, 4),
        )
