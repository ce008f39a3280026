"""The meeting's documents page costs the same queries for 5 lists as for 50."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rectification.models import ListKind, ListState, RectificationList
from rectification.services import list_ensure

from ..factories import PersonFactory
from .lists_fixtures import fill


@pytest.mark.parametrize("who", ["office", "supervisor"])
def test_the_documents_page_costs_the_same_for_5_and_50_lists(login, cast, held_meeting, team_list,
                                                              same_queries_at_5_and_50, who):
    fill(team_list, 2, cast.office)

    def grow(n):
        for i in range(RectificationList.objects.filter(meeting=held_meeting).count(), n):
            owner = PersonFactory(name=f"整改人{i:02d}", organization=cast.gov)
            fill(list_ensure(meeting=held_meeting, kind=ListKind.PERSONAL, owner=owner), 1, cast.office)
        # passed on to the upper level: the office and the supervisor both read them
        now = timezone.now()
        RectificationList.objects.filter(meeting=held_meeting).update(
            state=ListState.UPPER_REVIEW, first_submitted_at=now, passed_on_at=now)

    client = login(getattr(cast, who))
    url = reverse("rectification:documents", args=[held_meeting.pk])
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(url))
    assert "整改人49" in response.content.decode()


def test_the_archive_page_costs_the_same_for_5_and_50_open_items(login, cast, held_meeting, team_list,
                                                                  same_queries_at_5_and_50):
    # What blocks archiving is asked of every phase, the rectification lists' open items included.
    def grow(n):
        have = team_list.items.count()
        fill(team_list, n - have, cast.office, start=have)

    client = login(cast.office)
    url = reverse("archive:detail", args=[held_meeting.pk])
    _, response = same_queries_at_5_and_50(grow, lambda: client.get(url))
    assert "领导班子整改清单尚未批准，不能归档" in response.content.decode()  # the blockers were asked
