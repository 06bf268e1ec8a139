"""The demo bases and positions: what the lead's seed_demo relies on, and idempotence."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bases.demo import seed_bases
from bases.models import Enterprise, Position, TrainingBase
from mentorship.models import AuditEntry, User
from mentorship.scoping import system_scope
from mentorship.uploads import clean_upload, upload_kind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unscoped")]


@pytest.fixture
def seeded(demo):
    # Seeding again over the demo: what each app's loader says the second time.
    out = StringIO()
    with system_scope():
        seed_bases(stdout=out)
    return out.getvalue()


def test_alibaba_is_both_kinds_of_base_in_hangzhou_for_months(seeded):
    alibaba = Enterprise.objects.get(name_en__startswith="Alibaba")
    assert alibaba.representatives.filter(email="hr.alibaba@demo.example").exists()
    bases = {b.kind: b for b in alibaba.bases.filter(center__slug="hangzhou")}
    assert set(bases) == {TrainingBase.Kind.INTERNSHIP, TrainingBase.Kind.WORKPLACE}
    six_months_ago = timezone.localdate() - timedelta(days=182)
    for base in bases.values():
        assert base.status == TrainingBase.Status.RECOGNIZED
        assert base.is_recognition_valid
        assert base.recognized_from <= six_months_ago
    big_open = Position.objects.filter(
        base=bases[TrainingBase.Kind.INTERNSHIP], status="open", openings__gte=3
    )
    assert big_open.count() >= 3


def test_bases_and_positions_in_several_centers(seeded):
    recognized = TrainingBase.objects.filter(status=TrainingBase.Status.RECOGNIZED)
    assert {"hangzhou", "huangshan"} <= set(recognized.values_list("center__slug", flat=True))
    names = set(
        recognized.filter(center__slug="hangzhou").values_list("enterprise__name_en", flat=True)
    )
    for company in ("SUPCON", "Hikvision", "NetEase"):
        assert any(company in name for name in names)
    positions = Position.objects.all()
    assert 35 <= positions.count() <= 50
    chinese = [p for p in positions if not p.title.isascii()]
    assert len(chinese) > positions.count() * 0.7
    assert positions.filter(center__slug="huangshan", status="open").exists()
    assert "40 positions" in seeded


def test_demo_positions_are_valid_and_searchable(seeded):
    today = timezone.localdate()
    for position in Position.objects.select_related("base__enterprise"):
        position.full_clean()
        assert position.center_id == position.base.center_id
        assert position.base.accepts_positions
        assert 3 <= position.duration_months <= 6
        assert position.deadline <= position.start_date
        if position.status == "open":
            # Filled and closed positions of past intakes keep their past dates.
            assert today <= position.deadline
        assert position.search_text == position.build_search_text()
        assert (position.published_at is None) == (position.status == "draft")


def test_demo_licences_are_real_pdfs(seeded):
    for enterprise in Enterprise.objects.filter(bases__isnull=False).distinct():
        with enterprise.business_licence.open("rb") as licence:
            upload = SimpleUploadedFile("licence.pdf", licence.read())
        assert upload_kind(clean_upload(upload)) == "pdf"


def test_seeding_again_changes_no_counts(seeded):
    before = (
        Enterprise.objects.count(),
        TrainingBase.objects.count(),
        Position.objects.count(),
    )
    audit_before = AuditEntry.objects.count()
    with system_scope():
        seed_bases()
    after = (
        Enterprise.objects.count(),
        TrainingBase.objects.count(),
        Position.objects.count(),
    )
    assert after == before
    assert AuditEntry.objects.count() == audit_before


def test_demo_history_shows_on_the_application_page(seeded, client):
    base = TrainingBase.objects.get(
        center__slug="hangzhou", enterprise__name_en__startswith="Alibaba", kind="internship"
    )
    client.force_login(User.objects.get(email="bureau.hangzhou@demo.example"))
    response = client.get(f"/c/hangzhou/bases/{base.pk}/")
    history = response.context["history"]
    assert [e.verb for e in history] == [
        "base.created",
        "base.submitted",
        "base.review_started",
        "base.recognized",
    ]
    # Each entry is dated when its step happened, months ago, as the base's own dates say.
    assert history[1].created_at == base.submitted_at
    assert history[3].created_at == base.decided_at
    assert timezone.localdate(base.decided_at) == base.recognized_from
