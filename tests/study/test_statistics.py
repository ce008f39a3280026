"""Study statistics, checked against an example counted by hand."""

from decimal import Decimal

import pytest

from meetings.models import MeetingKind
from organizations.models import Organization, OrganizationKind, TeamMembership, TeamPosition
from organizations.services import team_member_add
from study.selectors import participant_people, study_statistics

from ..factories import MeetingFactory, PersonFactory
from .conftest import make_material, make_self_study, make_session


@pytest.fixture
def example(cast, meeting):
    """Three participants, two group sessions, three self-study logs.

    | session          | hours | 张书记       | 李委员            | 王三        |
    |------------------|-------|-------------|-------------------|------------|
    | 中心组学习        | 3     | 出席、发言   | 出席、发言         | 出席        |
    | 集中学习研讨      | 2     | 出席、发言   | 缺席（出差，已补学） | 缺席（病假） |
    | 自学 × 2 (张)     | 1.5+1 |             |                   |            |
    | 自学 (王)         | 2     |             |                   |            |
    """
    wang = PersonFactory(name="王三", organization=cast.gov)
    team_member_add(person=wang, organization=cast.gov, position=TeamPosition.MEMBER, rank=3)
    zhang, li = cast.secretary.person, cast.member.person
    people = [zhang, li, wang]
    charter = make_material(cast.gov)
    norms = make_material(cast.gov, title="《关于新形势下党内政治生活的若干准则》")
    resolution = make_material(cast.gov, title="《中共中央关于党的百年奋斗重大成就和历史经验的决议》",
                               kind="document")
    history = make_material(cast.gov, title="《论中国共产党历史》", kind="book")
    make_session(meeting, people, form="central_group", hours="3", materials=[charter, norms],
                 speeches={zhang: "坚定历史自信", li: "严守纪律"})
    make_session(meeting, people, form="collective", hours="2", materials=[norms, resolution],
                 absent={li: "出差", wang: "病假"}, made_up=[li], speeches={zhang: "加强政治建设"})
    make_self_study(meeting, zhang, hours="1.5", materials=[history])
    make_self_study(meeting, zhang, hours="1")
    make_self_study(meeting, wang, hours="2", materials=[charter])
    return {"people": people, "materials": [charter, norms, resolution, history]}


def test_the_meeting_totals_match_the_hand_count(meeting, example):
    stats = study_statistics(meeting)
    assert (stats.sessions, stats.group_sessions, stats.self_study_logs) == (5, 2, 3)
    assert stats.group_hours == Decimal("5")
    assert stats.self_study_hours == Decimal("4.5")
    assert stats.total_hours == Decimal("9.5")
    assert (stats.expected_attendances, stats.present_attendances) == (6, 4)
    assert stats.attendance_rate == "66.7%"
    assert (stats.absences, stats.made_up) == (2, 1)
    assert stats.speeches == 3
    assert stats.by_form == [("个人自学", 3), ("中心组学习", 1), ("集中学习研讨", 1)]


def test_the_materials_covered_are_counted_most_studied_first(meeting, example):
    charter, norms, resolution, history = example["materials"]
    uses = [(u.material, u.sessions) for u in study_statistics(meeting).materials]
    assert uses == [(charter, 2), (norms, 2), (resolution, 1), (history, 1)]


def test_each_member_is_counted(meeting, example):
    rows = {
        m.person.name: (m.expected, m.attended, m.attendance_rate, m.self_study_count,
                        m.self_study_hours, m.hours, m.speeches)
        for m in study_statistics(meeting).members
    }
    assert rows == {
        "张书记": (2, 2, "100%", 2, Decimal("2.5"), Decimal("7.5"), 2),
        "李委员": (2, 1, "50%", 0, Decimal("0"), Decimal("3"), 1),
        "王三": (2, 1, "50%", 1, Decimal("2"), Decimal("5"), 0),
    }


def test_who_has_not_logged_self_study_is_known(cast, meeting, example):
    stats = study_statistics(meeting)
    assert stats.members_without_self_study == [cast.member.person]
    assert stats.members_with_self_study == 2


def test_someone_who_left_the_team_keeps_their_record(cast, meeting, example):
    TeamMembership.objects.filter(person__name="王三").delete()
    names = [m.person.name for m in study_statistics(meeting).members]
    assert names == ["张书记", "李委员", "王三"]


def test_a_meeting_without_study_has_no_rate_rather_than_zero(meeting, team):
    stats = study_statistics(meeting)
    assert stats.sessions == 0 and stats.attendance_rate == "—"
    assert [m.attendance_rate for m in stats.members] == ["—", "—"]


def test_the_study_page_shows_the_hand_counted_numbers(cast, meeting, example, login):
    page = login(cast.supervisor).get(f"/study/meetings/{meeting.pk}/").content.decode()
    assert '<span id="stat-sessions">5</span>' in page
    assert '<span id="stat-hours">9.5</span>' in page
    assert '<span id="stat-attendance">66.7%</span>' in page
    assert '<span id="stat-materials">4</span>' in page
    assert '<span id="stat-speeches">3</span>' in page


# --- who is expected ----------------------------------------------------------------------


def test_a_democratic_life_meeting_expects_the_leadership_team(cast, meeting):
    branch_member = PersonFactory(name="支部党员", organization=cast.gov, branch=cast.gov)
    assert participant_people(meeting) == [cast.secretary.person, cast.member.person]
    assert branch_member not in participant_people(meeting)


def test_an_organisation_life_meeting_expects_the_branch_members_and_its_committee(cast):
    branch = Organization.objects.create(
        name="测试第一党支部", kind=OrganizationKind.BRANCH, parent=cast.gov
    )
    secretary = PersonFactory(name="支部书记", organization=cast.gov, branch=None)
    team_member_add(person=secretary, organization=branch, position=TeamPosition.SECRETARY, rank=1)
    member = PersonFactory(name="党员一", organization=cast.gov, branch=branch)
    probationary = PersonFactory(name="党员二（预备）", organization=cast.gov, branch=branch,
                                 is_probationary=True)
    PersonFactory(name="群众", organization=cast.gov, branch=branch, is_party_member=False)
    meeting = MeetingFactory(organization=branch, kind=MeetingKind.ORGANIZATION_LIFE)
    assert participant_people(meeting) == [secretary, member, probationary]
