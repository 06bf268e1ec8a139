"""The demo's subsidy claims: what the journey and the demo queue rely on, and idempotence."""

from io import StringIO

import pytest
from django.utils import timezone

from bases.models import TrainingBase
from mentorship.models import ServiceCenter, User
from mentorship.scoping import center_scope, system_scope
from subsidies import services
from subsidies.demo import DEMO_THRESHOLD, seed_subsidies
from subsidies.models import SubsidyClaim, SubsidyMonth

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


@pytest.fixture
def seeded(demo):
    # Seeding again over the demo: what each app's loader says the second time.
    out = StringIO()
    with system_scope():
        seed_subsidies(stdout=out)
    return out.getvalue()


def previous_quarter():
    today = timezone.localdate()
    index = today.year * 4 + (today.month - 1) // 3 - 1
    return index // 4, index % 4 + 1


def test_the_demo_queue_has_claims_in_several_states(seeded):
    hangzhou = ServiceCenter.objects.get(slug="hangzhou")
    assert hangzhou.second_approval_threshold == DEMO_THRESHOLD
    statuses = set(SubsidyClaim.objects.filter(center=hangzhou).values_list("status", flat=True))
    assert {"submitted", "second_approval", "paid"} <= statuses
    for claim in SubsidyClaim.objects.all():
        lines = claim.lines.filter(excluded_reason="")
        assert claim.claimed_amount == sum(line.amount for line in lines)


def test_alibaba_s_previous_quarter_is_left_to_claim_and_needs_two_approvals(seeded):
    hangzhou = ServiceCenter.objects.get(slug="hangzhou")
    hr = User.objects.get(email="hr.alibaba@demo.example")
    base = TrainingBase.objects.get(
        center=hangzhou, kind="internship", enterprise__name_en__startswith="Alibaba"
    )
    year, quarter = previous_quarter()
    assert not SubsidyClaim.objects.filter(base=base, period_year=year, period_number=quarter)
    with center_scope(hangzhou):
        claim = services.subsidy_claim_open(
            center=hangzhou, actor=hr, base=base, year=year, number=quarter
        )
    assert claim.line_count == 4
    assert claim.claimed_amount > hangzhou.second_approval_threshold
    assert claim.needs_second_approval


def test_seeding_again_changes_nothing(seeded):
    counts = (SubsidyClaim.objects.count(), SubsidyMonth.objects.count())
    out = StringIO()
    with system_scope():
        seed_subsidies(stdout=out)
    assert (SubsidyClaim.objects.count(), SubsidyMonth.objects.count()) == counts
    assert "0 new" in out.getvalue()
