"""Fixtures of the bases tests: private uploads in a temporary folder, the two parties."""

import pytest

from mentorship.models import Role
from mentorship.scoping import center_scope
from tests.bases.factories import EnterpriseFactory, TrainingBaseFactory, pdf_file


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def in_center(center):
    """Service calls run inside the center, as they do in a request."""
    with center_scope(center):
        yield center


@pytest.fixture
def rep(center, member_factory):
    return member_factory(center, Role.ENTERPRISE)


@pytest.fixture
def other_rep(center, member_factory):
    return member_factory(center, Role.ENTERPRISE)


@pytest.fixture
def bureau(center, member_factory):
    return member_factory(center, Role.BUREAU)


@pytest.fixture
def enterprise(rep):
    enterprise = EnterpriseFactory(representatives=[rep])
    enterprise.business_licence.save("licence.pdf", pdf_file(), save=True)
    return enterprise


@pytest.fixture
def draft(center, enterprise):
    with center_scope(center):
        return TrainingBaseFactory(center=center, enterprise=enterprise)


@pytest.fixture
def recognized(center, enterprise):
    with center_scope(center):
        return TrainingBaseFactory(center=center, enterprise=enterprise, recognized=True)
