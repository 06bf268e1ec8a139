"""Fixtures of the subsidy tests: the two parties, a recognized base, private uploads."""

import pytest

from mentorship.models import Role
from tests.subsidies.factories import internship_base


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rep(center, member_factory):
    return member_factory(center, Role.ENTERPRISE)


@pytest.fixture
def bureau(center, member_factory):
    return member_factory(center, Role.BUREAU)


@pytest.fixture
def bureau2(center, member_factory):
    return member_factory(center, Role.BUREAU)


@pytest.fixture
def base(center, rep, unscoped):
    return internship_base(center, rep)
