"""The criticism planner's matrix, its gaps and the writes of one's own planned criticisms."""

import pytest
from django.core.exceptions import PermissionDenied

from meetings.models import Meeting, Stage
from organizations.models import TeamPosition
from organizations.services import team_member_add
from proceedings.models import CriticAssignment, CriticismPlan
from proceedings.planner import MIN_CRITICS, criticism_board, planner_people, told_in_talks
from proceedings.planner_services import (
    STALE,
    PlannerError,
    criticism_plan_add,
    criticism_plan_delete,
    criticism_plan_update,
    critics_from_plan,
)
from talks.models import TalkState

from ..factories import PersonFactory, UserFactory
from .planner_kit import GOOD, HOPE, plan, talk_criticism


def test_the_matrix_lists_the_team_in_the_official_order(ready_meeting, team7):
    assert planner_people(ready_meeting) == team7.people
    board = criticism_board(ready_meeting)
    assert [r.person for r in board.rows] == team7.people
    assert all(len(r.cells) == 7 and r.cells[i] is None for i, r in enumerate(board.rows))


def test_a_criticism_from_a_confirmed_talk_fills_its_cell(ready_meeting, team7):
    secretary, member = team7.people[:2]
    talk_criticism(ready_meeting, member, secretary)
    board = criticism_board(ready_meeting)
    cell = board.row(member.pk).cells[0]
    assert [i.text for i in cell.items] == [GOOD] and cell.items[0].from_talk
    assert board.received[secretary.pk] == 1


def test_a_talk_not_yet_confirmed_plans_nothing(ready_meeting, team7):
    secretary, member = team7.people[:2]
    talk_criticism(ready_meeting, member, secretary, state=TalkState.RECORDED)
    assert criticism_board(ready_meeting).item_count == 0


def test_a_team_of_seven_shows_every_empty_cell_as_a_gap(ready_meeting, team7):
    people = team7.people
    for receiver in people[1:]:
        plan(ready_meeting, people[0], receiver)
    board = criticism_board(ready_meeting)
    assert board.full and board.pairs_expected == 42 and board.pairs_planned == 6
    assert board.gap_count == 36
    assert board.row(people[0].pk).gaps == []
    assert board.row(people[1].pk).gaps == [people[0], *people[2:]]
    # Nobody plans to criticise the secretary; everyone else gets one.
    assert [p for p, _ in board.receivers_short] == [people[0]]
    assert not board.complete


def test_a_full_round_is_complete_when_every_cell_is_planned(ready_meeting, team7):
    for giver in team7.people:
        for receiver in team7.people:
            if giver != receiver:
                plan(ready_meeting, giver, receiver)
    board = criticism_board(ready_meeting)
    assert board.complete and board.gap_count == 0 and board.pairs_planned == 42


def test_above_nine_members_each_needs_two_critics_and_one_criticism_given(cast, ready_meeting, team7):
    people = list(team7.people)
    for rank in range(8, 12):
        person = PersonFactory(name=f"吴委员{rank}", organization=cast.gov)
        team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=rank)
        people.append(person)
    # A ring: each criticises the next two, so everyone receives exactly two.
    for i, giver in enumerate(people):
        for step in (1, 2):
            plan(ready_meeting, giver, people[(i + step) % len(people)])
    board = criticism_board(ready_meeting)
    assert not board.full and board.gap_count == 0 and board.complete
    CriticismPlan.objects.filter(giver=people[0]).delete()
    board = criticism_board(ready_meeting)
    assert [r.person for r in board.givers_short] == [people[0]]
    assert [(p, n) for p, n in board.receivers_short] == [(people[1], 1), (people[2], 1)]
    assert MIN_CRITICS == 2


def test_hints_are_counted_in_the_cell_and_the_board(ready_meeting, team7):
    secretary, member, wang = team7.people[:3]
    plan(ready_meeting, member, wang, HOPE)
    plan(ready_meeting, member, secretary, GOOD)
    board = criticism_board(ready_meeting)
    row = board.row(member.pk)
    assert row.cells[2].state == "hinted" and [h.code for h in row.cells[2].items[0].hints] == ["only_hope"]
    assert row.cells[0].state == "planned"
    assert board.hinted_items == 1


def test_one_givers_row_loads_only_their_items(ready_meeting, team7):
    secretary, member, wang = team7.people[:3]
    plan(ready_meeting, member, wang)
    plan(ready_meeting, wang, member)
    board = criticism_board(ready_meeting, giver_id=member.pk)
    assert [r.person for r in board.rows] == [member] and board.item_count == 1


def test_the_receiver_is_told_only_what_their_talks_told_them(ready_meeting, team7):
    secretary, member, wang = team7.people[:3]
    talk_criticism(ready_meeting, wang, member, "你今年3次会议迟到，纪律意识不强。")
    plan(ready_meeting, secretary, member)
    assert [i.text for i in told_in_talks(ready_meeting, member)] == ["你今年3次会议迟到，纪律意识不强。"]


# --- writes -----------------------------------------------------------------------------------


def test_a_member_plans_a_criticism_of_a_colleague(ready_meeting, team7):
    member, wang = team7.people[1], team7.people[2]
    created = criticism_plan_add(meeting=ready_meeting, receiver=wang, text=f"  {GOOD} ", actor=member.user)
    assert (created.giver, created.receiver, created.text) == (member, wang, GOOD)


@pytest.mark.parametrize("who, receiver, message", [
    ("office", 2, "只有参加会议的班子成员本人"),
    ("member", 1, "自我批评"),  # 李委员 is people[1]: of himself
    ("outsider", 2, "只有参加会议的班子成员本人"),
])
def test_only_a_team_member_plans_and_only_of_a_colleague(cast, ready_meeting, team7, who, receiver, message):
    with pytest.raises(PlannerError, match=message):
        criticism_plan_add(meeting=ready_meeting, receiver=team7.people[receiver],
                           text=GOOD, actor=getattr(cast, who))


def test_a_receiver_outside_the_team_is_refused(cast, ready_meeting, team7):
    neighbour = cast.outsider.person
    with pytest.raises(PlannerError, match="被批评人"):
        criticism_plan_add(meeting=ready_meeting, receiver=neighbour, text=GOOD, actor=cast.member)


def test_an_empty_text_is_refused(ready_meeting, team7):
    with pytest.raises(PlannerError, match="请填写"):
        criticism_plan_add(meeting=ready_meeting, receiver=team7.people[2], text="  ", actor=team7.users[1])


def test_a_held_meeting_refuses_and_an_archived_one_says_it_is_archived(ready_meeting, team7):
    Meeting.objects.filter(pk=ready_meeting.pk).update(stage=Stage.HELD)
    ready_meeting.refresh_from_db()
    with pytest.raises(PlannerError, match="已召开"):
        criticism_plan_add(meeting=ready_meeting, receiver=team7.people[2], text=GOOD, actor=team7.users[1])
    Meeting.objects.filter(pk=ready_meeting.pk).update(stage=Stage.ARCHIVED)
    ready_meeting.refresh_from_db()
    with pytest.raises(PermissionDenied, match="已归档"):
        criticism_plan_add(meeting=ready_meeting, receiver=team7.people[2], text=GOOD, actor=team7.users[1])


def test_a_stale_edit_is_refused_and_the_newer_text_kept(ready_meeting, team7):
    member, wang = team7.people[1], team7.people[2]
    item = plan(ready_meeting, member, wang, HOPE)
    criticism_plan_update(plan=item, text=GOOD, version=1, actor=member.user)
    with pytest.raises(PlannerError, match="另一个窗口"):
        criticism_plan_update(plan=item, text="旧窗口里的文字", version=1, actor=member.user)
    item.refresh_from_db()
    assert (item.text, item.version) == (GOOD, 2)
    assert "您刚才填写的文字保留" in STALE


def test_only_the_giver_edits_or_deletes(ready_meeting, team7):
    member, wang = team7.people[1], team7.people[2]
    item = plan(ready_meeting, member, wang)
    with pytest.raises(PlannerError):
        criticism_plan_update(plan=item, text=HOPE, version=1, actor=wang.user)
    with pytest.raises(PlannerError):
        criticism_plan_delete(plan=item, actor=team7.users[0])
    criticism_plan_delete(plan=item, actor=member.user)
    assert not CriticismPlan.objects.exists()


# --- above nine members: the office's critic assignment -------------------------------------


@pytest.fixture
def team11(cast, ready_meeting, team7):
    people = list(team7.people)
    for rank in range(8, 12):
        person = PersonFactory(user=UserFactory(username=f"extra{rank}"), name=f"吴委员{rank}", organization=cast.gov)
        team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=rank)
        people.append(person)
    return people


def test_an_assigned_critic_with_nothing_planned_is_a_gap(ready_meeting, team11):
    secretary, member, wang = team11[:3]
    CriticAssignment.objects.create(meeting=ready_meeting, giver=member, receiver=wang)
    CriticAssignment.objects.create(meeting=ready_meeting, giver=member, receiver=secretary)
    plan(ready_meeting, member, secretary)
    board = criticism_board(ready_meeting)
    row = board.row(member.pk)
    assert board.assigned == 2 and row.gaps == [wang]
    assert row.cells[2].state == "gap" and row.cells[2].assigned and row.cells[3].state == "open"
    assert row in board.givers_short


def test_the_office_turns_the_planned_criticisms_into_the_critic_assignment(cast, ready_meeting, team11):
    secretary, member, wang = team11[:3]
    CriticAssignment.objects.create(meeting=ready_meeting, giver=team11[5], receiver=team11[6])  # kept
    plan(ready_meeting, member, secretary)
    plan(ready_meeting, wang, secretary)
    talk_criticism(ready_meeting, secretary, member)
    assert critics_from_plan(meeting=ready_meeting, actor=cast.office) == 2
    pairs = set(CriticAssignment.objects.values_list("giver_id", "receiver_id"))
    assert pairs == {(member.pk, secretary.pk), (wang.pk, secretary.pk), (secretary.pk, member.pk),
                     (team11[5].pk, team11[6].pk)}
    assert critics_from_plan(meeting=ready_meeting, actor=cast.office) == 0  # nothing new to change


def test_only_the_office_assigns_critics_and_only_above_nine(cast, ready_meeting, team7):
    with pytest.raises(PlannerError, match="无需安排"):
        critics_from_plan(meeting=ready_meeting, actor=cast.office)


def test_a_member_cannot_assign_critics(cast, ready_meeting, team11):
    with pytest.raises(PlannerError, match="只有办公室"):
        critics_from_plan(meeting=ready_meeting, actor=cast.secretary)


def test_a_branch_meeting_plans_among_the_committee_and_then_its_party_members(cast):
    from tests.talks.conftest import branch_meeting_with

    branch = branch_meeting_with(30, parent=cast.gov)
    people = planner_people(branch.meeting)
    assert people[:3] == branch.people[:3]  # the committee in rank order, the secretary first
    assert sorted(p.pk for p in people) == sorted(p.pk for p in branch.people)
    board = criticism_board(branch.meeting, people)
    assert not board.full and len(board.rows) == 30 and board.gap_count == 0
    assert len(board.givers_short) == 30 and len(board.receivers_short) == 30
