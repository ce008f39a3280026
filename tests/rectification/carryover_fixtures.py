"""Carry-over's fixtures: approved lists with a few items on `held_meeting`, and next
year's meeting created the way the office creates one (meetings.services.meeting_create).

- the team list: two items, one held by 李委员 (`member`), one by a department;
- 李委员's personal list: two items; 张书记's (`secretary`): one.

`draft`: two personal lists not approved (王委员's never submitted, 刘委员's waiting), one
item each — they count nowhere in carry-over, but hold the archive.
"""

from datetime import date

import pytest
from django.utils import timezone

from meetings.access import meeting_access
from meetings.models import Meeting, MeetingKind, MilestoneKind, Stage
from meetings.services import meeting_create
from meetings.workflow import meeting_transition
from rectification.models import Item, ItemStatus, ListKind, ListState, RectificationList


def approved_list(meeting, owner=None):
    now = timezone.now()
    return RectificationList.objects.create(
        meeting=meeting, kind=ListKind.PERSONAL if owner else ListKind.TEAM, owner=owner, state=ListState.APPROVED,
        first_submitted_at=now, passed_on_at=now if owner is None else None, submitted_at=now, approved_at=now,
    )


def unapproved_list(meeting, owner, *, submitted=False):
    """A list not approved (a member's, or the team's without an owner): a draft never
    submitted, or one waiting for the secretary."""
    now = timezone.now()
    return RectificationList.objects.create(
        meeting=meeting, kind=ListKind.PERSONAL if owner else ListKind.TEAM, owner=owner,
        state=ListState.SUBMITTED if submitted else ListState.DRAFT,
        first_submitted_at=now if submitted else None, submitted_at=now if submitted else None,
    )


DRAFT_TEXT = "（草稿）本人对家属经商问题管得不严，尚在斟酌怎么写。"


@pytest.fixture
def draft(cast, held_meeting, team7):
    """王委员 has a personal list never submitted, with one open item only they may read;
    刘委员 one submitted and waiting for the secretary, not approved."""
    never = unapproved_list(held_meeting, team7.people[2])
    waiting = unapproved_list(held_meeting, team7.people[3], submitted=True)
    return type("Draft", (), {
        "never": never, "waiting": waiting,
        "never_item": item_add(never, DRAFT_TEXT, order=1),
        "waiting_item": item_add(waiting, "（待审批）联系服务群众不够经常。", order=1),
    })


def item_add(rlist, problem, *, status=ItemStatus.OPEN, deadline=date(2027, 3, 31), responsible=None, order=0):
    return Item.objects.create(
        rectification_list=rlist, problem=problem, status=status, deadline=deadline, responsible=responsible,
        order=order, closed_at=timezone.now() if status == ItemStatus.CLOSED else None,
    )


def next_year(cast, *, organization=None, kind=MeetingKind.DEMOCRATIC_LIFE, year=2027):
    return meeting_create(
        organization=organization or cast.gov, kind=kind, year=year, title=f"{year}年度县政府办党组民主生活会",
        created_by=cast.office,
    )


def archive(meeting, cast):
    """The office archives the meeting (its situation report sent) through the one transition."""
    meeting.milestones.filter(kind=MilestoneKind.REPORT).update(done_at=timezone.now())
    return meeting_transition(meeting=meeting, name="archive", actor=cast.office,
                              access=meeting_access(cast.office, meeting))


def force_archived(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.ARCHIVED)
    meeting.refresh_from_db()


@pytest.fixture
def lists(cast, held_meeting):
    team = approved_list(held_meeting)
    mine = approved_list(held_meeting, cast.member.person)
    chair = approved_list(held_meeting, cast.secretary.person)
    items = {
        "team_member": item_add(team, "基层调研不够深入，到一线解决问题少。", responsible=cast.member.person, order=1),
        "team_dept": item_add(team, "政务服务事项办理时限偏长。", order=2),
        "mine_open": item_add(mine, "对分管领域的督促检查不够，跟踪问效不及时。", order=1),
        "mine_closed": item_add(mine, "理论学习不够系统，学用结合不紧。", status=ItemStatus.CLOSED, order=2),
        "chair": item_add(chair, "听取不同意见不够耐心。", order=1),
    }
    return type("Lists", (), {"team": team, "mine": mine, "chair": chair, **items})
