"""The documents part's lists: a team list approved (three items of the three kinds — one
closed, one overdue, one long-term), 李委员's personal list submitted, and a colleague's
personal list still a draft. Dates are relative to today, so "overdue" stays overdue."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from inspections.models import MeasureTerm
from rectification.workflow import list_content
from rectification.models import (
    Item,
    ItemMeasure,
    ItemStatus,
    ListKind,
    ListState,
    ListVersion,
    MeasureStatus,
    RectificationList,
    VersionOutcome,
)


def add_item(rlist, problem, *, term=MeasureTerm.DEADLINE, deadline=None, responsible=None, status=ItemStatus.OPEN,
             measures=("建立台账，逐项推进。",), order=None, **fields):
    item = Item.objects.create(
        rectification_list=rlist, order=order if order is not None else rlist.items.count() + 1, problem=problem,
        term=term, deadline=deadline, responsible=responsible, status=status, **fields,
    )
    for n, content in enumerate(measures, start=1):
        done = status == ItemStatus.CLOSED
        ItemMeasure.objects.create(item=item, order=n, content=content, deadline=deadline,
                                   status=MeasureStatus.DONE if done else MeasureStatus.IN_PROGRESS,
                                   percent=100 if done else 40)
    return item


def approve(rlist, by):
    now = timezone.now()
    ListVersion.objects.create(rectification_list=rlist, number=1, content=list_content(rlist), submitted_by=by,
                               submitted_at=now, outcome=VersionOutcome.APPROVED)
    RectificationList.objects.filter(pk=rlist.pk).update(
        state=ListState.APPROVED, first_submitted_at=now, passed_on_at=now, submitted_at=now, approved_at=now)
    rlist.refresh_from_db()
    return rlist


@pytest.fixture
def lists(cast, team7, held_meeting):
    today = timezone.localdate()
    secretary, member, colleague = team7.people[0], team7.people[1], team7.people[2]
    team = RectificationList.objects.create(meeting=held_meeting, kind=ListKind.TEAM)
    closed = add_item(team, "调查研究不够深入，到基层一线少。", term=MeasureTerm.IMMEDIATE, deadline=today - timedelta(days=20),
                      responsible=secretary, status=ItemStatus.CLOSED, target="每季度到基层调研不少于两次",
                      measures=("制定年度调研计划。", "建立调研问题台账。"), lead_department="县政府办", disclosed=True)
    closed.closed_at = timezone.now()
    closed.save(update_fields=["closed_at"])
    overdue = add_item(team, "对分管领域的督促检查不够。", deadline=today - timedelta(days=5), responsible=member,
                       lead_department="督查室", cooperating="各股室")
    long_term = add_item(team, "制度执行还有宽松软现象。", term=MeasureTerm.LONG_TERM, deadline=None,
                         next_review=today + timedelta(days=90), responsible=None, lead_department="综合股",
                         measures=("修订机关工作制度汇编。",))
    approve(team, cast.office)
    personal = RectificationList.objects.create(meeting=held_meeting, kind=ListKind.PERSONAL, owner=member,
                                                state=ListState.SUBMITTED, first_submitted_at=timezone.now())
    mine = add_item(personal, "有时听取不同意见不够耐心。", deadline=today + timedelta(days=60), responsible=member)
    draft = RectificationList.objects.create(meeting=held_meeting, kind=ListKind.PERSONAL, owner=colleague)
    secret = add_item(draft, "同事尚在起草的个人问题。", deadline=today + timedelta(days=60))
    return SimpleNamespace(team=team, personal=personal, draft=draft, closed=closed, overdue=overdue,
                           long_term=long_term, mine=mine, secret=secret, colleague=team7.users[2])
