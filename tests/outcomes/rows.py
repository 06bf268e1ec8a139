"""Row makers of the isolation matrix for the outcomes' URLs."""

import uuid
from datetime import timedelta

from django.utils import timezone

from tests.isolation import Row, row_maker
from tests.students.factories import EnterpriseFactory, PlacementFactory, TrainingBaseFactory


def _secret(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:12]}"


@row_maker("center:outcomes:placement_offer")
def _placement_offer(center):
    title = _secret("Position")
    today = timezone.localdate()
    placement = PlacementFactory(
        application__position__base__center=center,
        application__position__title=title,
        start_date=today - timedelta(days=120),
        end_date=today - timedelta(days=20),
        status="completed",
    )
    return Row({"pk": placement.pk}, secret=title)


@row_maker("center:outcomes:review_decide")
def _review_decide(center):
    # Recognized for two years and no intern since: the review lists it.
    name = _secret("Enterprise")
    today = timezone.localdate()
    base = TrainingBaseFactory(
        center=center,
        enterprise=EnterpriseFactory(name_zh=name, name_en=name),
        recognized_from=today - timedelta(days=800),
        recognized_until=today + timedelta(days=300),
    )
    return Row({"pk": base.pk}, secret=name)
