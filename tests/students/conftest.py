"""Fixtures of the students tests: private uploads in a temporary folder, and a small world
of one center with an enterprise, its representative, an open position and a student."""

from types import SimpleNamespace

import pytest

from mentorship.models import Role
from tests.students.factories import (
    EnterpriseFactory,
    PositionFactory,
    StudentProfileFactory,
    TrainingBaseFactory,
    representative_of,
)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(center, member_factory, unscoped):
    """Center "alpha": enterprise A with representative `rep`, a recognized base and an
    open position with 2 openings; a student with a complete profile; a coordinator, bureau
    staff and a mentor."""
    enterprise = EnterpriseFactory(name_en="Alpha Tech", name_zh="阿尔法科技")
    rep = representative_of(enterprise, center)
    base = TrainingBaseFactory(center=center, enterprise=enterprise)
    position = PositionFactory(base=base, openings=2)
    profile = StudentProfileFactory(center=center)
    return SimpleNamespace(
        center=center,
        enterprise=enterprise,
        rep=rep,
        base=base,
        position=position,
        profile=profile,
        student=profile.user,
        coordinator=member_factory(center, Role.COORDINATOR),
        bureau=member_factory(center, Role.BUREAU),
        mentor=member_factory(center, Role.MENTOR),
    )
