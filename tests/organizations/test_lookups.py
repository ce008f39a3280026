"""`field__any_of=ids` (organizations.lookups): the rows of `__in`, as one parameter on
PostgreSQL, however many keys."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting
from organizations.models import Organization
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_the_rows_are_those_of_in_for_keys_and_relations(cast):
    meetings = [MeetingFactory(organization=org, title=f"会议{org.pk}") for org in (cast.gov, cast.edu, cast.gov)]
    ids = [cast.gov.pk, 10_000_000, *range(20_000_000, 20_000_100)]
    assert set(Meeting.objects.filter(organization_id__any_of=ids)) == set(Meeting.objects.filter(organization_id__in=ids))
    assert set(Meeting.objects.filter(organization_id__any_of=ids)) == {meetings[0], meetings[2]}
    assert list(Meeting.objects.filter(organization__any_of={cast.edu.pk})) == [meetings[1]]
    assert list(Organization.objects.filter(pk__any_of=set())) == []
    assert Meeting.objects.exclude(pk__any_of=[meetings[0].pk]).count() == 2


def test_many_keys_are_one_parameter_on_postgresql(cast):
    ids = list(range(1, 501))
    with CaptureQueriesContext(connection) as queries:
        list(Organization.objects.filter(pk__any_of=ids))
    sql = queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY('{1,2,3," in sql and " IN (" not in sql  # the keys as one array, not 500 placeholders
    else:
        assert " IN (" in sql
