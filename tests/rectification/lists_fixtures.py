"""Fixtures of the lists part: a member's own list and the team list of `held_meeting`,
and a helper that fills a list with plain items."""

from datetime import date

import pytest

from meetings.access import meeting_access
from rectification.access import list_access
from rectification.models import ListKind
from rectification.services import item_create, list_ensure

DEADLINE = date(2027, 3, 31)


@pytest.fixture
def own_list(cast, held_meeting):
    return list_ensure(meeting=held_meeting, kind=ListKind.PERSONAL, owner=cast.member.person)


@pytest.fixture
def team_list(cast, held_meeting):
    return list_ensure(meeting=held_meeting, kind=ListKind.TEAM)


def fill(rlist, n, actor, start=0):
    """n plain 限期整改 items with one measure each (a team item is held by the 办公室)."""
    extra = {"lead_department": "办公室"} if rlist.is_team else {}
    return [
        item_create(rlist=rlist, actor=actor, problem=f"问题{start + i}：调查研究不够深入", target="改进作风",
                    deadline=DEADLINE, measures=[f"措施{start + i}：每季度到基层调研一次"], **extra)
        for i in range(1, n + 1)
    ]


def access_of(user, rlist):
    return list_access(user, rlist, meeting=rlist.meeting)


__all__ = ["DEADLINE", "access_of", "fill", "meeting_access", "own_list", "team_list"]


def cover(rlist, actor):
    """Take every source the list must cover into an item of its own (the one-click move
    of the sources part), so that approval does not wait for coverage."""
    from rectification.coverage import uncovered
    from rectification.services import item_update, measure_add
    from rectification.sources import item_from_source

    extra = {"lead_department": "办公室"} if rlist.is_team else {}
    for source in uncovered(rlist):
        item = item_from_source(rlist=rlist, kind=source.kind, pk=source.pk, actor=actor)
        item = item_update(item=item, version=item.version, actor=actor, deadline=DEADLINE, **extra)
        if not item.measures.exists():
            measure_add(item=item, actor=actor, content="逐条对照整改，按期销号")
