"""The meeting's cast: the gov team of tests/conftest.py grown to seven members.

- `secretary` (张书记) chairs; `member` (李委员) and the five in `team7` sit on the team;
  `office` (王办公) prepares and records; `supervisor` (赵督导, 组织部) agrees to convene;
  `outsider` sits in the neighbouring organisation and must get 404 everywhere.

Each part of the phase adds its own fixtures below; keep them small and unsurprising.
"""

from types import SimpleNamespace

import pytest

from meetings.models import Meeting, Stage
from organizations.models import TeamPosition
from organizations.services import team_member_add

from ..factories import MeetingFactory, PersonFactory, UserFactory

MORE_MEMBERS = [("member3", "王委员"), ("member4", "刘委员"), ("member5", "陈委员"), ("member6", "杨委员"),
                ("member7", "黄委员")]


@pytest.fixture
def team7(cast):
    """The secretary, 李委员 and five more: seven members, in rank order."""
    users = [cast.secretary, cast.member]
    for rank, (username, name) in enumerate(MORE_MEMBERS, start=3):
        person = PersonFactory(user=UserFactory(username=username), name=name, organization=cast.gov)
        team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=rank)
        users.append(person.user)
    return SimpleNamespace(users=users, people=[u.person for u in users])


@pytest.fixture
def ready_meeting(cast, team7):
    """A meeting whose plan is approved and whose preparation is under way (会前准备)."""
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会",
                             aspects=["带头加强政治建设", "带头坚守人民情怀"])
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)
    meeting.refresh_from_db()
    return meeting


# ---- room: the sitting of the meeting, the upper level having agreed to convene -----


@pytest.fixture
def sitting(cast, ready_meeting):
    """The prepared sitting of `ready_meeting`, agreed to convene (so minutes may be entered)."""
    from meetings.plans import plan_create_default
    from proceedings.rotation import sitting_prepare

    plan_create_default(meeting=ready_meeting)
    Meeting.objects.filter(pk=ready_meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    ready_meeting.refresh_from_db()
    return sitting_prepare(meeting=ready_meeting, actor=cast.office)
