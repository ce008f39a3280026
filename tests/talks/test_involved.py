"""involved_meetings: every way a person comes to have talks in a meeting finds the meeting,
and nothing else does ("my work" and the reminders read it)."""

import pytest

from meetings.models import MeetingKind, Stage
from organizations.models import OrganizationKind, TeamMembership
from talks.models import PairNote, PairNoteKind, TalkParticipant, TalkState
from talks.phase import TALKS_OPEN_STAGES
from talks.selectors import involved_meetings
from tests.factories import DepartmentFactory, MeetingFactory, OrganizationFactory, PersonFactory, UserFactory

from .conftest import make_talk

pytestmark = pytest.mark.django_db


def involved(user):
    return {m.pk for m in involved_meetings(user, TALKS_OPEN_STAGES)}


def test_a_team_member_is_involved_in_their_team_s_meeting(cast, talks_meeting):
    assert talks_meeting.pk in involved(cast.member)


def test_the_head_of_a_department_a_member_oversees_is_involved(cast, talks_meeting):
    head = PersonFactory(name="赵科长", organization=cast.gov)
    department = DepartmentFactory(organization=cast.gov, head=head)
    TeamMembership.objects.get(organization=cast.gov, person=cast.member.person).oversees.add(department)
    assert involved(head.user) == {talks_meeting.pk}


def test_a_branch_s_party_member_is_involved_in_its_organization_life_meeting_only(cast):
    branch = OrganizationFactory(name="第一党支部", kind=OrganizationKind.BRANCH, parent=cast.gov)
    life = MeetingFactory(organization=branch, kind=MeetingKind.ORGANIZATION_LIFE, stage=Stage.PRE_MEETING)
    MeetingFactory(organization=branch, kind=MeetingKind.DEMOCRATIC_LIFE, stage=Stage.PRE_MEETING)
    member = PersonFactory(name="钱党员", organization=cast.gov, branch=branch)
    outsider = PersonFactory(name="孙群众", organization=cast.gov, branch=branch, is_party_member=False)
    assert involved(member.user) == {life.pk}
    assert involved(outsider.user) == set()


def test_a_representative_and_a_person_of_an_added_pair_are_involved(cast, talks_meeting):
    representative = PersonFactory(name="周代表", organization=cast.gov)
    TalkParticipant.objects.create(meeting=talks_meeting, person=representative, is_representative=True)
    added = PersonFactory(name="吴同志", organization=cast.gov)
    PairNote.objects.create(
        meeting=talks_meeting, kind=PairNoteKind.ADDED, person_a=cast.member.person, person_b=added, reason="分管"
    )
    assert involved(representative.user) == {talks_meeting.pk}
    assert involved(added.user) == {talks_meeting.pk}


def test_someone_who_talked_is_involved_unless_the_talk_was_cancelled(cast, talks_meeting):
    guest = PersonFactory(name="郑老干部", organization=cast.gov)
    cancelled = PersonFactory(name="冯同志", organization=cast.gov)
    make_talk(talks_meeting, cast.secretary.person, guest, state=TalkState.RECORDED)
    make_talk(talks_meeting, cast.secretary.person, cancelled, state=TalkState.CANCELLED)
    assert involved(guest.user) == {talks_meeting.pk}
    assert involved(cancelled.user) == set()


def test_nobody_else_is_involved_and_an_account_without_a_person_asks_nothing(
    cast, talks_meeting, django_assert_num_queries
):
    stranger = PersonFactory(name="陈外人")
    assert involved(stranger.user) == set()
    account = UserFactory(username="no_person")
    with django_assert_num_queries(1):  # only "who is this account's person"
        assert involved_meetings(account, TALKS_OPEN_STAGES) == []
