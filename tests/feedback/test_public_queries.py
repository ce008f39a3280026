"""The public form costs the same number of queries for 5 team members and aspects as for
50, and a post reads only what it names (issue 11: the form's rate)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from anonymity.nonce import nonce_issue
from meetings.models import MeetingAspect
from organizations.models import TeamMembership, TeamPosition
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _url(solicitation):
    return f"/feedback/f/{solicitation.token}/"


def _grow(solicitation):
    """Team members and aspects up to n each: what the form offers to choose from."""
    meeting = solicitation.meeting
    def grow(n):
        for i in range(TeamMembership.objects.filter(organization=meeting.organization).count(), n):
            person = PersonFactory(name=f"成员{i}", organization=meeting.organization)
            TeamMembership.objects.create(organization=meeting.organization, person=person,
                                          position=TeamPosition.MEMBER, rank=10 + i)
        for i in range(meeting.aspects.count(), n):
            MeetingAspect.objects.create(meeting=meeting, order=100 + i, title=f"方面{i}")
    return grow


def test_the_public_form_costs_the_same_for_5_and_50_members_and_aspects(client, solicitation,
                                                                         same_queries_at_5_and_50):
    _, response = same_queries_at_5_and_50(_grow(solicitation), lambda: client.get(_url(solicitation)))
    body = response.content.decode()
    assert response.status_code == 200 and "成员49" in body and "方面49" in body


def _post(client, solicitation, target):
    return client.post(_url(solicitation), {"nonce": nonce_issue(), "target": target, "content": "建议少开会。"})


def test_a_post_about_a_member_costs_the_same_for_5_and_50_members(client, solicitation, same_queries_at_5_and_50):
    client.get(_url(solicitation))
    member = TeamMembership.objects.filter(organization=solicitation.meeting.organization).first().person_id
    _, response = same_queries_at_5_and_50(_grow(solicitation), lambda: _post(client, solicitation, str(member)))
    assert response.status_code == 302


def test_a_post_about_the_team_reads_no_member_and_no_aspect(client, solicitation, settings):
    settings.ANONYMOUS_BATCH_SIZE = 10  # no batch written by this post
    _grow(solicitation)(50)
    client.get(_url(solicitation))
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, solicitation, "team").status_code == 302
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "teammembership" not in tables and "meetingaspect" not in tables
    # The solicitation, then the pending row and its count: one statement on PostgreSQL.
    assert len(queries.captured_queries) == (2 if connection.vendor == "postgresql" else 3)
