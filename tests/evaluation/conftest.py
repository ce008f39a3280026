"""The branch of the evaluation: 第一支部 under the cast's 县政府办党组.

- `office` (王办公) is the branch's office too; `secretary` (张书记) is its secretary;
  `member` (李委员) and five more are its members, `member7` (黄同志) probationary;
- the branch has one party group, 第一党小组, led by `member3` (王同志), with 李委员 and
  `member4` in it; the others belong to no group;
- `outsider` (陈邻居) sits in the neighbouring organisation and gets 404 everywhere.
"""

from types import SimpleNamespace

import pytest

from evaluation.models import Evaluation
from meetings.models import Meeting, MeetingKind, Stage
from organizations.models import OrganizationKind, PartyGroup, StaffKind, TeamPosition
from organizations.services import person_permissions_sync, staff_assign, team_member_add

from ..factories import MeetingFactory, OrganizationFactory, PersonFactory, UserFactory

MORE = [("member3", "王同志"), ("member4", "刘同志"), ("member5", "陈同志"), ("member6", "杨同志"),
        ("member7", "黄同志")]


def _join(person, branch, **fields):
    person.branch = branch
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    person_permissions_sync(person=person)
    return person


@pytest.fixture
def branch_cast(cast):
    return make_branch_cast(cast)


def make_branch_cast(cast):
    """The branch of this module's docstring (a function, for the browser journeys too)."""
    branch = OrganizationFactory(name="中共测试县政府办公室机关第一支部委员会", short_name="第一支部",
                                 kind=OrganizationKind.BRANCH, parent=cast.gov)
    staff_assign(person=cast.office.person, organization=branch, kind=StaffKind.OFFICE)
    team_member_add(person=cast.secretary.person, organization=branch, position=TeamPosition.SECRETARY, rank=1)
    _join(cast.secretary.person, branch)
    _join(cast.member.person, branch)
    users = {"secretary": cast.secretary, "member": cast.member}
    for username, name in MORE:
        person = PersonFactory(user=UserFactory(username=username), name=name, organization=cast.gov)
        _join(person, branch, is_probationary=username == "member7")
        users[username] = person.user
    group = PartyGroup.objects.create(branch=branch, name="第一党小组", leader=users["member3"].person)
    for username in ("member3", "member", "member4"):
        person = users[username].person
        person.party_group = group
        person.save(update_fields=["party_group"])
    return SimpleNamespace(branch=branch, group=group, **users, office=cast.office, supervisor=cast.supervisor,
                           outsider=cast.outsider)


@pytest.fixture
def life_meeting(branch_cast):
    return make_life_meeting(branch_cast)


def make_life_meeting(branch_cast):
    """The branch's 组织生活会 in 会前准备, evaluation not yet switched on."""
    meeting = MeetingFactory(organization=branch_cast.branch, kind=MeetingKind.ORGANIZATION_LIFE,
                             title="2026年度第一支部组织生活会")
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def evaluation(life_meeting, branch_cast):
    return Evaluation.objects.create(meeting=life_meeting, enabled_by=branch_cast.office)
