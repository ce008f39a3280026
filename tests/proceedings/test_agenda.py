"""The agenda: from the approved plan, with kinds; reordered by the office; other phases'
items through the hook; the prepared sitting follows; fixed once something is recorded."""

import pytest
from django.core.exceptions import PermissionDenied

from meetings.models import Meeting, PlanAgendaItem, Stage
from meetings.plans import plan_create_default
from proceedings import agenda as agenda_module
from proceedings.agenda import (
    AgendaConflict,
    AgendaError,
    ProposedItem,
    agenda_from_plan,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    kind_for_text,
    register_agenda_item,
)
from proceedings.minutes import criticism_add
from proceedings.models import AgendaKind, SlotKind
from proceedings.rotation import RotationError, rotation_members, rotation_order_set


@pytest.mark.parametrize("text, kind", [
    ("对上年度民主生活会整改落实情况和本次征求意见建议情况进行通报", AgendaKind.REPORT),
    ("书记代表领导班子进行对照检查", AgendaKind.SELF_INSPECTION),
    ("书记带头开展自我批评，随后班子成员对其开展批评；依次类推，班子成员逐一开展批评和自我批评", AgendaKind.ROTATION),
    ("到会指导的领导讲话", AgendaKind.SUPERVISOR),
    ("指导组作点评", AgendaKind.SUPERVISOR),
    ("书记代表领导班子作总结发言", AgendaKind.SUMMARY),
    ("支部书记总结会议情况", AgendaKind.SUMMARY),
    ("支部党员逐一作检视剖析，开展批评与自我批评", AgendaKind.ROTATION),
    ("宣读表彰决定", AgendaKind.OTHER),
])
def test_each_line_of_the_plans_agenda_gets_its_kind(text, kind):
    assert kind_for_text(text) == kind


def test_the_agenda_is_taken_from_the_approved_plan_once(cast, ready_meeting):
    plan = plan_create_default(meeting=ready_meeting)
    PlanAgendaItem.objects.filter(plan=plan, order=1).update(text="常务副主任对征求意见建议情况进行通报")
    items = agenda_from_plan(meeting=ready_meeting)
    assert [i.kind for i in items] == [AgendaKind.REPORT, AgendaKind.SELF_INSPECTION, AgendaKind.ROTATION,
                                       AgendaKind.SUPERVISOR, AgendaKind.SUMMARY]
    assert items[0].title == "常务副主任对征求意见建议情况进行通报" and items[1].speaker.name == "张书记"
    assert len(agenda_from_plan(meeting=ready_meeting)) == 5


def test_another_phase_adds_its_item_through_the_hook_once(cast, ready_meeting, monkeypatch):
    monkeypatch.setattr(agenda_module, "_providers", [])
    register_agenda_item(lambda meeting: [ProposedItem(key="evaluation", title="开展民主评议党员",
                                                       kind=AgendaKind.OTHER, after_kind=AgendaKind.ROTATION)])
    items = agenda_from_plan(meeting=ready_meeting)
    assert [i.title for i in items][3] == "开展民主评议党员" and items[3].source == "evaluation"
    assert len(agenda_from_plan(meeting=ready_meeting)) == 6


def test_reordering_the_agenda_reorders_the_prepared_sitting(cast, sitting):
    meeting = sitting.meeting
    report = meeting.agenda_items.get(kind=AgendaKind.REPORT)
    agenda_item_move(item=report, step=1)
    first = sitting.slots.order_by("order").first()
    assert first.agenda_item.kind == AgendaKind.SELF_INSPECTION
    assert sitting.slots.order_by("order")[1].agenda_item == report


def test_once_a_criticism_is_recorded_the_agenda_and_the_order_are_fixed(cast, sitting):
    slot = sitting.slots.filter(kind=SlotKind.CRITICISM).first()
    criticism_add(slot=slot, text="甲", actor=cast.office)
    item = sitting.meeting.agenda_items.first()
    with pytest.raises(AgendaError, match="已有发言或记录"):
        agenda_item_move(item=item, step=1)
    item.refresh_from_db()
    assert item.order == 1  # nothing moved
    people = rotation_members(sitting.meeting)
    with pytest.raises(RotationError):
        rotation_order_set(meeting=sitting.meeting, people=[people[0]] + people[:0:-1])
    assert rotation_members(sitting.meeting) == people
    with pytest.raises(AgendaError):
        agenda_item_delete(item=sitting.meeting.agenda_items.last())


def test_a_stale_edit_of_an_item_is_refused(cast, ready_meeting):
    item = agenda_from_plan(meeting=ready_meeting)[0]
    agenda_item_update(item=item, version=1, fields={"title": "通报整改情况"})
    with pytest.raises(AgendaConflict):
        agenda_item_update(item=item, version=1, fields={"title": "别的"})


def test_an_archived_meeting_refuses_changes_of_the_agenda(cast, ready_meeting):
    item = agenda_from_plan(meeting=ready_meeting)[0]
    Meeting.objects.filter(pk=ready_meeting.pk).update(stage=Stage.ARCHIVED)
    item.meeting.refresh_from_db()
    with pytest.raises(PermissionDenied, match="已归档"):
        agenda_item_move(item=item, step=1)
