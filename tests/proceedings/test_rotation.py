"""The rotation: N self-criticism and N×(N−1) criticism slots, absences kept visible."""

import pytest

from meetings.plans import plan_create_default
from organizations.models import TeamMembership
from proceedings.models import AgendaKind, Attendance, AttendanceStatus, SittingStatus, SlotKind, SlotStatus
from proceedings.rotation import (
    RotationError,
    SpeakingLimits,
    assignment_problems,
    critics_assign,
    current_sitting,
    rotation_for,
    rotation_members,
    rotation_order_set,
    rotation_turns,
    sitting_prepare,
    slots_generate,
    speaking_limits,
)

from ..factories import PersonFactory, UserFactory


def _people(n, org):
    return [PersonFactory(user=UserFactory(username=f"p{i}"), name=f"成员{i}", organization=org) for i in range(n)]


@pytest.mark.parametrize("n", [1, 2, 7])
def test_the_rotation_of_n_members_has_n_self_and_n_times_n_minus_1_criticism_slots(cast, n):
    people = _people(n, cast.gov)
    turns = rotation_turns(people)
    assert len(turns) == n + n * (n - 1)
    assert sum(t.kind == SlotKind.SELF for t in turns) == n
    assert sum(t.kind == SlotKind.CRITICISM for t in turns) == n * (n - 1)


def test_each_member_speaks_first_about_themself_then_every_colleague_criticises_them(cast):
    a, b, c = _people(3, cast.gov)
    turns = rotation_turns([a, b, c])
    assert [(t.kind, t.subject, t.speaker) for t in turns[:3]] == [
        (SlotKind.SELF, a, a), (SlotKind.CRITICISM, a, b), (SlotKind.CRITICISM, a, c)]
    assert [(t.subject, t.speaker) for t in turns[3:6]] == [(b, b), (b, a), (b, c)]


def test_an_absent_member_stays_in_the_rotation_read_by_a_colleague_and_marked_leave_where_they_would_criticise(cast):
    a, b, c = _people(3, cast.gov)
    turns = rotation_turns([a, b, c], absent={b.pk: c})
    assert len(turns) == 9
    own = [t for t in turns if t.subject == b and t.kind == SlotKind.SELF][0]
    assert own.read_by == c and own.status == SlotStatus.PENDING
    of_b = [t for t in turns if t.subject == b and t.kind == SlotKind.CRITICISM]
    assert [t.speaker for t in of_b] == [a, c] and all(t.status == SlotStatus.PENDING for t in of_b)
    by_b = [t for t in turns if t.speaker == b and t.kind == SlotKind.CRITICISM]
    assert len(by_b) == 2 and all(t.status == SlotStatus.LEAVE for t in by_b)


def test_an_absent_member_whose_material_nobody_reads_has_their_self_criticism_marked_leave(cast):
    a, b = _people(2, cast.gov)
    turns = rotation_turns([a, b], absent={b.pk: None})
    assert [t.status for t in turns if t.subject == b and t.kind == SlotKind.SELF] == [SlotStatus.LEAVE]


def test_assigned_critics_need_two_for_everyone_and_everyone_criticising_someone(cast):
    people = _people(4, cast.gov)
    a, b, c, d = people
    critics = {a.pk: [b.pk, c.pk], b.pk: [a.pk, c.pk], c.pk: [a.pk, b.pk], d.pk: [a.pk]}
    problems = assignment_problems(people, critics)
    assert problems == ["成员3的批评人不足2人（现1人）", "成员3尚未安排批评任何同志"]
    critics[d.pk] = [a.pk, b.pk]
    critics[a.pk] = [b.pk, d.pk]
    assert assignment_problems(people, critics) == []
    turns = rotation_turns(people, critics=critics)
    assert len(turns) == 4 + 8


def test_speaking_limits_come_from_the_plan(ready_meeting):
    plan = plan_create_default(meeting=ready_meeting)
    plan.speech_minutes, plan.criticism_minutes = 12, 4
    plan.save()
    limits = speaking_limits(ready_meeting)
    assert (limits.speech_minutes, limits.criticism_minutes) == (12, 4)


def test_speaking_limits_without_a_plan_are_the_plans_defaults(ready_meeting):
    assert speaking_limits(ready_meeting) == SpeakingLimits(15, 5)


def test_a_prepared_sitting_holds_the_agenda_and_the_whole_rotation_of_the_team_of_seven(cast, ready_meeting):
    plan_create_default(meeting=ready_meeting)
    sitting = sitting_prepare(meeting=ready_meeting, actor=cast.office)
    rotation = rotation_for(sitting)
    assert len(rotation) == 7 + 7 * 6
    assert rotation[0].speaker.name == "张书记" and rotation[0].kind == SlotKind.SELF
    assert rotation[0].limit_minutes == 15 and rotation[1].limit_minutes == 5
    kinds = [s.agenda_item.kind for s in sitting.slots.order_by("order")]
    assert kinds[0] == AgendaKind.REPORT and kinds[-1] == AgendaKind.SUMMARY
    assert sitting.slots.count() == 49 + 4  # the plan's five items, one of them the rotation
    assert Attendance.objects.filter(sitting=sitting, status=AttendanceStatus.PRESENT).count() == 7
    assert current_sitting(ready_meeting) == sitting
    assert sitting_prepare(meeting=ready_meeting, actor=cast.office) == sitting


def test_the_office_sets_the_order_but_the_secretary_speaks_first(cast, ready_meeting, team7):
    people = rotation_members(ready_meeting)
    with pytest.raises(RotationError, match="书记张书记首先"):
        rotation_order_set(meeting=ready_meeting, people=people[1:] + people[:1])
    rotation_order_set(meeting=ready_meeting, people=[people[0]] + people[:0:-1])
    assert [p.name for p in rotation_members(ready_meeting)][:2] == ["张书记", "黄委员"]


def test_above_nine_members_the_sitting_waits_for_the_critics_to_be_assigned(cast, ready_meeting, team7):
    extra = _people(3, cast.gov)
    for rank, person in enumerate(extra, start=20):
        TeamMembership.objects.create(organization=cast.gov, person=person, position="member", rank=rank)
    members = rotation_members(ready_meeting)
    assert len(members) == 10
    with pytest.raises(RotationError, match="超过9人"):
        sitting_prepare(meeting=ready_meeting, actor=cast.office)
    for i, receiver in enumerate(members):
        critics_assign(meeting=ready_meeting, receiver=receiver,
                       givers=[members[(i + 1) % 10], members[(i + 2) % 10]])
    sitting = sitting_prepare(meeting=ready_meeting, actor=cast.office)
    assert len(rotation_for(sitting)) == 10 + 20


def test_a_halted_sitting_stays_and_the_next_one_gets_the_next_number(cast, ready_meeting):
    first = sitting_prepare(meeting=ready_meeting, actor=cast.office)
    first.status = SittingStatus.HALTED
    first.save()
    assert current_sitting(ready_meeting) is None
    second = sitting_prepare(meeting=ready_meeting, actor=cast.office)
    assert second.number == 2 and first.slots.count() == second.slots.count()


def test_slots_are_not_regenerated_once_something_is_recorded(cast, ready_meeting):
    sitting = sitting_prepare(meeting=ready_meeting, actor=cast.office)
    slot = sitting.slots.first()
    slot.notes = "通报了整改情况"
    slot.save()
    with pytest.raises(RotationError):
        slots_generate(sitting=sitting)
