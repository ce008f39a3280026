"""The talks' cast, on top of the fixed cast of tests/conftest.py.

gov's team: `secretary` (张书记), `member` (李委员), and `third` (王委员) — a member who is
in neither pair of the talk under test, so must see that it happened but never its content.
"""

from datetime import date
from types import SimpleNamespace

import pytest

from meetings.models import Meeting, MeetingKind, Stage
from organizations.models import OrganizationKind, TeamPosition
from organizations.services import team_member_add
from talks.models import PlannedCriticism, Talk, TalkEvent, TalkState, pair_key
from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory

TALKED_ON = date(2026, 3, 2)
CONTENT = {
    "team_problems": "班子抓整改落实“重部署、轻督促”。",
    "own_problems": "本人深入基层调研不够。整改打算：每月下基层一次。",
    "other_shortcomings": "对方督查工作碍于情面，建议敢于较真碰硬。",
}


def person(user):
    return user.person


def add_third(cast):
    p = PersonFactory(user=UserFactory(username="third"), name="王委员", organization=cast.gov)
    team_member_add(person=p, organization=cast.gov, position=TeamPosition.MEMBER, rank=3)
    return p.user


def meeting_in_preparation(cast):
    return MeetingFactory(
        organization=cast.gov, title="2026年度县政府办党组民主生活会", stage=Stage.PRE_MEETING
    )


@pytest.fixture
def third(cast):
    return add_third(cast)


@pytest.fixture
def talks_meeting(cast, third):
    """The gov meeting in 会前准备, with the secretary, `member` and `third` on the team."""
    return meeting_in_preparation(cast)


def make_talk(
    meeting, a, b, *, state=TalkState.CONFIRMED, recorded_by=None, criticism="", **fields
):
    """A talk between two people, straight into the database (the workflow has its own tests)."""
    key = pair_key(a.pk, b.pk)
    recorder = recorded_by or a
    talk = Talk.objects.create(
        meeting=meeting,
        person_a_id=key[0],
        person_b_id=key[1],
        initiator=recorder,
        state=state,
        talked_on=fields.pop("talked_on", TALKED_ON),
        place=fields.pop("place", "党组会议室"),
        recorded_by=recorder,
        **{**CONTENT, **fields},
    )
    TalkEvent.objects.create(talk=talk, to_state=state, action="测试")
    if criticism:
        target = b if recorder == a else a
        PlannedCriticism.objects.create(
            talk=talk, critic=recorder, target=target, content=criticism
        )
    return talk


def branch_meeting_with(count: int, *, parent, talks_every: int = 3) -> SimpleNamespace:
    """A branch's 组织生活会 with `count` party members: three on the committee.

    Every `talks_every`-th pair has a confirmed talk, so the matrix has all kinds of cells.
    """
    branch = OrganizationFactory(
        name=f"第{count}人党支部",
        short_name=f"{count}人支部",
        kind=OrganizationKind.BRANCH,
        parent=parent,
    )
    people = [
        PersonFactory(user=None, name=f"党员{n:02d}", organization=parent, branch=branch)
        for n in range(count)
    ]
    for rank, p in enumerate(people[:3], start=1):
        position = TeamPosition.SECRETARY if rank == 1 else TeamPosition.MEMBER
        team_member_add(person=p, organization=branch, position=position, rank=rank)
    meeting = MeetingFactory(
        organization=branch,
        kind=MeetingKind.ORGANIZATION_LIFE,
        title=f"{count}人支部组织生活会",
        stage=Stage.PRE_MEETING,
    )
    talks = []
    n = 0
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            n += 1
            if n % talks_every == 0:
                key = pair_key(a.pk, b.pk)
                talks.append(
                    Talk(
                        meeting=meeting,
                        person_a_id=key[0],
                        person_b_id=key[1],
                        initiator=a,
                        recorded_by=a,
                        state=TalkState.CONFIRMED,
                        talked_on=TALKED_ON,
                        place="支部活动室",
                        **CONTENT,
                    )
                )
    Talk.objects.bulk_create(talks)
    return SimpleNamespace(branch=branch, people=people, meeting=meeting)


def set_stage(meeting, stage):
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.refresh_from_db()
