"""Fixtures of the progress part: approved lists with one item each, ready to follow.

- `personal_item`: 李委员's (cast.member) own item with two measures; verified by the
  office or the secretary;
- `team_item`: a team item held by 李委员, confirmed by the supervisor.
"""

from datetime import date

import pytest
from django.utils import timezone

from rectification.access import item_access
from rectification.models import ListState, RectificationList
from rectification.services import item_create

DUE = date(2027, 3, 31)


def approve(rlist):
    now = timezone.now()
    RectificationList.objects.filter(pk=rlist.pk).update(
        state=ListState.APPROVED, approved_at=now, first_submitted_at=now, passed_on_at=now)
    rlist.refresh_from_db()
    return rlist


@pytest.fixture
def personal_item(cast, own_list):
    item = item_create(rlist=own_list, actor=cast.member, problem="调查研究不够深入，到基层一线少", target="每季度蹲点调研",
                       deadline=DUE, measures=["每季度到基层调研一次", "形成调研报告"])
    approve(own_list)
    item.refresh_from_db()
    return item


@pytest.fixture
def team_item(cast, team_list):
    item = item_create(rlist=team_list, actor=cast.office, problem="督促检查不够", target="建立督查台账", deadline=DUE,
                       responsible=cast.member.person, measures=["建立督查台账"])
    approve(team_list)
    item.refresh_from_db()
    return item


def access_for(user, item):
    item.refresh_from_db()
    return item_access(user, item)


__all__ = ["DUE", "access_for", "approve", "personal_item", "team_item"]
