"""Writing the lists: starting one, items and measures with their rules, the optimistic
lock, the item's history, and nothing written once the list is frozen."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inspections.models import MeasureTerm
from meetings.models import Meeting, Stage
from rectification.models import Item, ItemMeasure, ItemSource, ListKind, ListState, RectificationList, SourceKind
from rectification.services import (
    ItemConflict,
    ListLocked,
    item_add,
    item_create,
    item_delete,
    item_update,
    list_ensure,
    measure_add,
    measure_delete,
    measure_update,
)

from .lists_fixtures import DEADLINE


def test_a_list_is_started_once_however_often_it_is_opened(cast, held_meeting):
    first = list_ensure(meeting=held_meeting, kind=ListKind.PERSONAL, owner=cast.member.person)
    again = list_ensure(meeting=held_meeting, kind=ListKind.PERSONAL, owner=cast.member.person)
    team = list_ensure(meeting=held_meeting, kind=ListKind.TEAM, owner=cast.member.person)
    assert first == again and first.started_at is not None
    assert team.owner is None and RectificationList.objects.count() == 2


def test_an_item_is_created_with_its_measures_sources_and_a_first_history_entry(cast, own_list, held_meeting):
    criticism = held_meeting.sittings.first().slots.filter(criticisms__isnull=False).first().criticisms.first()
    item = item_create(
        rlist=own_list, actor=cast.member, problem="调查研究不够深入", target="每季度调研", deadline=DEADLINE,
        measures=["到基层调研", {"content": "形成调研报告", "deadline": date(2027, 1, 31)}],
        sources=[{"kind": SourceKind.CRITICISM, "criticism": criticism, "quote": criticism.text}],
    )
    assert [m.content for m in item.measures.all()] == ["到基层调研", "形成调研报告"]
    assert item.measures.first().deadline == DEADLINE
    assert ItemSource.objects.get(item=item).criticism == criticism
    assert list(item.events.values_list("label", flat=True)) == ["创建"]


def test_a_personal_items_responsible_is_always_its_owner(cast, own_list):
    item = item_add(rlist=own_list, actor=cast.member, problem="学习不深", deadline=DEADLINE,
                    responsible=cast.secretary.person)
    assert item.responsible == cast.member.person


def test_a_team_item_must_name_a_member_or_a_department(cast, team_list):
    with pytest.raises(ValidationError) as exc:
        item_add(rlist=team_list, actor=cast.office, problem="制度执行不严", deadline=DEADLINE)
    assert "责任人" in exc.value.message_dict["responsible"][0]
    with pytest.raises(ValidationError):
        item_add(rlist=team_list, actor=cast.office, problem="制度执行不严", deadline=DEADLINE,
                 responsible=cast.outsider.person)
    item = item_add(rlist=team_list, actor=cast.office, problem="制度执行不严", deadline=DEADLINE,
                    responsible=cast.member.person)
    assert item.responsible_label == "李委员"


def test_the_terms_ask_for_their_own_dates(cast, own_list):
    with pytest.raises(ValidationError) as exc:
        item_add(rlist=own_list, actor=cast.member, problem="A", term=MeasureTerm.DEADLINE)
    assert "完成时限" in exc.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as exc:
        item_add(rlist=own_list, actor=cast.member, problem="A", term=MeasureTerm.LONG_TERM)
    assert "复查" in exc.value.message_dict["next_review"][0]
    far = own_list.meeting.held_on + timedelta(days=90)
    with pytest.raises(ValidationError) as exc:
        item_add(rlist=own_list, actor=cast.member, problem="A", term=MeasureTerm.IMMEDIATE, deadline=far)
    assert "30天" in exc.value.message_dict["deadline"][0]
    long_term = item_add(rlist=own_list, actor=cast.member, problem="建章立制", term=MeasureTerm.LONG_TERM,
                         next_review=date(2027, 6, 30))
    assert long_term.deadline is None and long_term.next_review == date(2027, 6, 30)


def test_a_stale_save_is_refused_and_the_newer_text_kept(cast, own_list):
    item = item_add(rlist=own_list, actor=cast.member, problem="原来的问题", deadline=DEADLINE)
    item_update(item=item, version=1, actor=cast.member, problem="第一个窗口改的")
    with pytest.raises(ItemConflict) as exc:
        item_update(item=item, version=1, actor=cast.member, problem="第二个窗口改的")
    assert "没有保存" in str(exc.value) and exc.value.current.problem == "第一个窗口改的"
    item.refresh_from_db()
    assert item.problem == "第一个窗口改的" and item.version == 2


def test_every_change_is_in_the_items_history(cast, own_list):
    item = item_add(rlist=own_list, actor=cast.member, problem="问题", deadline=DEADLINE)
    item_update(item=item, version=1, actor=cast.member, target="新目标")
    measure = measure_add(item=item, actor=cast.member, content="措施一")
    measure_update(measure=measure, version=1, actor=cast.member, content="措施一（改）")
    with pytest.raises(ItemConflict):
        measure_update(measure=measure, version=1, actor=cast.member, content="旧窗口")
    measure_delete(measure=measure, actor=cast.member)
    assert list(item.events.values_list("label", flat=True)) == ["创建", "修改", "添加措施", "修改措施", "删除措施"]
    assert "整改目标" in item.events.get(label="修改").note


def test_nothing_is_written_once_the_list_is_submitted(cast, own_list):
    item = item_add(rlist=own_list, actor=cast.member, problem="问题", deadline=DEADLINE, measures=["m"])
    RectificationList.objects.filter(pk=own_list.pk).update(state=ListState.SUBMITTED)
    own_list.refresh_from_db()
    with pytest.raises(ListLocked):
        item_add(rlist=own_list, actor=cast.member, problem="又一个", deadline=DEADLINE)
    with pytest.raises(ListLocked):
        item_update(item=item, version=item.version, actor=cast.member, problem="改")
    with pytest.raises(ListLocked):
        measure_add(item=item, actor=cast.member, content="加")
    with pytest.raises(ListLocked):
        item_delete(item=item, actor=cast.member)
    assert Item.objects.get(pk=item.pk).problem == "问题" and ItemMeasure.objects.count() == 1


def test_an_archived_meeting_refuses_every_change(cast, own_list):
    Meeting.objects.filter(pk=own_list.meeting_id).update(stage=Stage.ARCHIVED)
    own_list.refresh_from_db()
    with pytest.raises(PermissionDenied):
        item_add(rlist=own_list, actor=cast.member, problem="问题", deadline=DEADLINE)


def test_deleting_an_item_removes_it_from_the_draft(cast, own_list):
    item = item_add(rlist=own_list, actor=cast.member, problem="问题", deadline=DEADLINE)
    item_delete(item=item, actor=cast.member)
    assert not Item.objects.exists()


# --- after 申请修改: what has been done on an item is never deleted with it ---------------------


def _approved_then_revised(cast, own_list, n=2):
    from rectification.workflow import list_transition

    from .lists_fixtures import access_of, cover, fill

    items = fill(own_list, n, cast.member)
    cover(own_list, cast.member)
    for name, user, note in (("submit", cast.member, ""), ("approve", cast.secretary, "")):
        list_transition(rlist=own_list, name=name, actor=user, access=access_of(user, own_list), note=note)
    return items


def _revise(cast, own_list):
    from rectification.workflow import list_transition

    from .lists_fixtures import access_of

    list_transition(rlist=own_list, name="revise", actor=cast.member, access=access_of(cast.member, own_list),
                    note="巡察反馈了新问题")


def test_after_a_revision_an_item_with_progress_or_closed_is_not_deleted(cast, own_list):
    from rectification.models import ItemStatus, ProgressReport

    reported, closed = _approved_then_revised(cast, own_list)
    measure = reported.measures.get()
    ProgressReport.objects.create(measure=measure, on=date(2027, 1, 5), text="已调研两个乡镇", status="in_progress",
                                  percent=40, by=cast.member)
    Item.objects.filter(pk=closed.pk).update(status=ItemStatus.CLOSED)
    _revise(cast, own_list)
    with pytest.raises(ListLocked, match="已有整改进展"):
        item_delete(item=reported, actor=cast.member)
    with pytest.raises(ListLocked, match="已销号"):
        item_delete(item=Item.objects.get(pk=closed.pk), actor=cast.member)
    with pytest.raises(ListLocked, match="已有整改进展"):
        measure_delete(measure=measure, actor=cast.member)
    assert ProgressReport.objects.filter(measure=measure).exists() and Item.objects.filter(pk=closed.pk).exists()


def test_after_a_revision_an_item_nothing_was_done_on_may_still_be_deleted(cast, own_list):
    untouched, _ = _approved_then_revised(cast, own_list)
    _revise(cast, own_list)
    measure_delete(measure=untouched.measures.get(), actor=cast.member)
    item_delete(item=untouched, actor=cast.member)
    assert not Item.objects.filter(pk=untouched.pk).exists()


def test_an_item_carried_into_the_next_meeting_is_never_deleted(cast, own_list):
    from django.utils import timezone

    item = item_add(rlist=own_list, actor=cast.member, problem="问题", deadline=DEADLINE)
    Item.objects.filter(pk=item.pk).update(carried_at=timezone.now(), carry_reason="长期坚持")
    with pytest.raises(ListLocked, match="转入下一次"):
        item_delete(item=item, actor=cast.member)
    assert Item.objects.filter(pk=item.pk).exists()
