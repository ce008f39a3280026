"""Shared fixtures for the feedback tests: the cast's meeting with a solicitation."""

import pytest
from django.core.cache import cache

from organizations.models import Person, TeamPosition
from organizations.services import team_member_add
from tests.factories import PersonFactory, UserFactory

from .factories import SolicitationFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _one_opinion_per_batch(settings):
    """Online opinions are written as soon as they come, so a test can read what it sent;
    the batching itself is tested with larger batches in test_anonymity.py."""
    settings.ANONYMOUS_BATCH_SIZE = 1


@pytest.fixture
def solicitation(meeting, cast):
    return SolicitationFactory(meeting=meeting, created_by=cast.office)


@pytest.fixture
def people(cast):
    """The gov team as Person rows: secretary, member, and a second member (王委员)."""
    colleague = PersonFactory(user=UserFactory(username="colleague"), name="王委员", organization=cast.gov)
    team_member_add(person=colleague, organization=cast.gov, position=TeamPosition.MEMBER, rank=3)
    return {
        "secretary": Person.objects.get(user=cast.secretary),
        "member": Person.objects.get(user=cast.member),
        "colleague": colleague,
    }
