"""The minutes entered by form: attendance and absences, notes, criticisms attributed,
说明, 点评, finishing, held and 叫停 (both sittings' minutes kept)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from meetings.access import meeting_access
from meetings.models import Stage
from meetings.workflow import meeting_transition
from proceedings.minutes import (
    MinutesConflict,
    MinutesError,
    attendance_add,
    attendance_update,
    comment_save,
    criticism_add,
    criticism_update,
    explanation_save,
    minutes_finish,
    minutes_summary,
    sitting_halt,
    sitting_hold,
    slot_record,
    slot_skeleton,
)
from proceedings.models import AttendanceStatus, ExplanationTopic, SittingStatus, SlotKind, SlotStatus
from proceedings.rotation import current_sitting, rotation_for, sitting_prepare


def _row(sitting, name):
    return sitting.attendance.get(person__name=name)


def _slot(sitting, kind, subject, speaker=None):
    qs = sitting.slots.filter(kind=kind, subject__name=subject)
    return qs.get(speaker__name=speaker) if speaker else qs.get()


def test_a_member_on_leave_needs_a_reason(sitting):
    with pytest.raises(MinutesError, match="请假事由"):
        attendance_update(attendance=_row(sitting, "王委员"), status=AttendanceStatus.LEAVE, reason="")


def test_leave_with_a_reader_keeps_the_member_in_the_rotation_and_marks_their_criticisms_leave(sitting):
    reader = _row(sitting, "李委员").person
    attendance_update(attendance=_row(sitting, "王委员"), status=AttendanceStatus.LEAVE, reason="因公出差", read_by=reader)
    rotation = rotation_for(sitting)
    assert len(rotation) == 49
    own = _slot(sitting, SlotKind.SELF, "王委员")
    assert own.read_by == reader and own.status == SlotStatus.PENDING
    of_him = sitting.slots.filter(kind=SlotKind.CRITICISM, subject__name="王委员")
    assert of_him.count() == 6 and not of_him.filter(status=SlotStatus.LEAVE).exists()
    by_him = sitting.slots.filter(kind=SlotKind.CRITICISM, speaker__name="王委员")
    assert by_him.count() == 6 and by_him.filter(status=SlotStatus.LEAVE).count() == 6
    assert "由李委员同志代为宣读" in slot_skeleton(own)
    summary = minutes_summary(sitting)
    assert (summary.expected, summary.present, summary.on_leave) == (7, 6, [("王委员", "因公出差")])


def test_coming_after_all_undoes_the_leave_marks(sitting):
    row = _row(sitting, "王委员")
    attendance_update(attendance=row, status=AttendanceStatus.LEAVE, reason="病假")
    assert _slot(sitting, SlotKind.SELF, "王委员").status == SlotStatus.LEAVE
    attendance_update(attendance=row, status=AttendanceStatus.PRESENT)
    assert not sitting.slots.filter(status=SlotStatus.LEAVE).exists()


def test_a_colleague_on_leave_cannot_read_for_another(sitting):
    attendance_update(attendance=_row(sitting, "李委员"), status=AttendanceStatus.LEAVE, reason="病假")
    with pytest.raises(MinutesError, match="也已请假"):
        attendance_update(attendance=_row(sitting, "王委员"), status=AttendanceStatus.LEAVE, reason="出差",
                          read_by=_row(sitting, "李委员").person)


def test_guests_are_counted_apart_from_the_members(sitting):
    attendance_add(sitting=sitting, name="县委第一督导组", status=AttendanceStatus.GUIDING)
    attendance_add(sitting=sitting, name="全体挂职干部", status=AttendanceStatus.NON_VOTING)
    summary = minutes_summary(sitting)
    assert (summary.expected, summary.present) == (7, 7)
    assert summary.guiding == ["县委第一督导组"] and summary.non_voting == ["全体挂职干部"]


def test_each_criticism_is_its_own_item_attributed_to_giver_and_receiver(cast, sitting):
    slot = _slot(sitting, SlotKind.CRITICISM, "张书记", "李委员")
    first = criticism_add(slot=slot, text="调查研究不够深入。", actor=cast.office)
    criticism_add(slot=slot, text="对分管领域督促不够。", actor=cast.office)
    assert (first.giver.name, first.receiver.name) == ("李委员", "张书记")
    summary = minutes_summary(sitting)
    counts = {c.person.name: (c.given, c.received) for c in summary.counts}
    assert counts["李委员"] == (2, 0) and counts["张书记"] == (0, 2) and summary.criticism_total == 2


def test_a_criticism_slot_of_a_member_on_leave_takes_no_criticism(cast, sitting):
    attendance_update(attendance=_row(sitting, "王委员"), status=AttendanceStatus.LEAVE, reason="出差")
    with pytest.raises(MinutesError, match="请假"):
        criticism_add(slot=_slot(sitting, SlotKind.CRITICISM, "张书记", "王委员"), text="…", actor=cast.office)


def test_criticisms_of_the_absent_member_are_still_given(cast, sitting):
    attendance_update(attendance=_row(sitting, "王委员"), status=AttendanceStatus.LEAVE, reason="出差")
    c = criticism_add(slot=_slot(sitting, SlotKind.CRITICISM, "王委员", "张书记"), text="联系群众不够。", actor=cast.office)
    assert c.receiver.name == "王委员"


def test_a_stale_criticism_edit_is_refused_and_keeps_the_other_text(cast, sitting):
    c = criticism_add(slot=_slot(sitting, SlotKind.CRITICISM, "张书记", "李委员"), text="甲", actor=cast.office)
    criticism_update(criticism=c, version=1, text="乙")
    with pytest.raises(MinutesConflict):
        criticism_update(criticism=c, version=1, text="丙")
    c.refresh_from_db()
    assert c.text == "乙"


def test_notes_and_times_of_a_slot_are_saved_and_the_duration_kept(sitting):
    slot = _slot(sitting, SlotKind.SELF, "张书记")
    start = timezone.now().replace(microsecond=0)
    slot_record(slot=slot, version=slot.version, notes="张书记作对照检查发言。", started_at=start,
                ended_at=start + timedelta(minutes=14))
    assert slot.status == SlotStatus.DONE and slot.duration_seconds == 14 * 60
    assert dict(minutes_summary(sitting).durations)[slot] == 14 * 60
    with pytest.raises(MinutesConflict):
        slot_record(slot=slot, version=1, notes="旧的")


def test_minutes_wait_for_the_consent_to_convene(cast, ready_meeting):
    early = sitting_prepare(meeting=ready_meeting, actor=cast.office)
    with pytest.raises(MinutesError, match="上级同意召开后"):
        slot_record(slot=early.slots.first(), version=1, notes="…")


def test_each_member_explains_on_four_topics(cast, sitting):
    person = _row(sitting, "李委员").person
    e = explanation_save(sitting=sitting, person=person, topic=ExplanationTopic.TALK_INQUIRY, text="已如实说明。",
                         version=0, actor=cast.office)
    assert e.get_topic_display() == "对组织约谈函询问题的说明"
    with pytest.raises(MinutesConflict):
        explanation_save(sitting=sitting, person=person, topic=ExplanationTopic.TALK_INQUIRY, text="另", version=0,
                         actor=cast.office)
    assert [x.topic for x in minutes_summary(sitting).explanations] == [ExplanationTopic.TALK_INQUIRY]


def test_only_the_supervisor_enters_the_comment_under_the_supervisor_item(cast, sitting):
    office = meeting_access(cast.office, sitting.meeting)
    with pytest.raises(MinutesError, match="上级领导本人"):
        comment_save(sitting=sitting, access=office, actor=cast.office, text="很好")
    access = meeting_access(cast.supervisor, sitting.meeting)
    comment = comment_save(sitting=sitting, access=access, actor=cast.supervisor, text="会议准备充分，批评辣味足。")
    assert comment.author_label == "赵督导" and comment.agenda_item.kind == "supervisor"
    assert minutes_summary(sitting).comments == [comment]


def test_finished_minutes_refuse_edits(cast, sitting):
    minutes_finish(sitting=sitting, actor=cast.office)
    with pytest.raises(MinutesError, match="已完成"):
        criticism_add(slot=_slot(sitting, SlotKind.CRITICISM, "张书记", "李委员"), text="…", actor=cast.office)


def test_recording_the_meeting_held_marks_the_sitting_held(cast, sitting):
    sitting_hold(sitting=sitting, actor=cast.office, access=meeting_access(cast.office, sitting.meeting),
                 on_date=date(2026, 12, 28))
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.HELD and sitting.meeting.stage == Stage.HELD


def test_a_halt_after_the_meeting_keeps_its_minutes_and_the_next_sitting_starts_anew(cast, sitting):
    meeting = sitting.meeting
    criticism_add(slot=_slot(sitting, SlotKind.CRITICISM, "张书记", "李委员"), text="甲", actor=cast.office)
    sitting_hold(sitting=sitting, actor=cast.office, access=meeting_access(cast.office, meeting),
                 on_date=date(2026, 12, 28))
    sitting_halt(sitting=sitting, actor=cast.supervisor, access=meeting_access(cast.supervisor, meeting),
                 reason="批评避重就轻")
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.HALTED and sitting.halt_reason == "批评避重就轻"
    assert current_sitting(meeting) is None
    with pytest.raises(MinutesError, match="叫停"):
        criticism_add(slot=_slot(sitting, SlotKind.CRITICISM, "张书记", "王委员"), text="…", actor=cast.office)
    meeting_transition(meeting=meeting, name="restart_preparation", actor=cast.office,
                       access=meeting_access(cast.office, meeting))
    second = sitting_prepare(meeting=meeting, actor=cast.office)
    assert second.number == 2 and second.criticisms.count() == 0
    assert sitting.criticisms.count() == 1


def test_a_halt_during_the_meeting_keeps_the_sitting(cast, sitting):
    sitting_halt(sitting=sitting, actor=cast.supervisor, access=meeting_access(cast.supervisor, sitting.meeting),
                 reason="偏离主题")
    sitting.refresh_from_db()
    assert sitting.is_halted and sitting.slots.count() == 53


def test_the_explanation_page_counts_the_opinions_fed_back_to_the_member(cast, sitting, login):
    from ..inspections.conftest import routed

    li = sitting.attendance.get(person__name="李委员").person
    routed(sitting.meeting, li, "下基层调研少。")
    routed(sitting.meeting, li, "尚未梳理的意见。", state="sorted")
    page = login(cast.office).get(f"/proceedings/sittings/{sitting.pk}/explanations/{li.pk}/").content.decode()
    assert "征求意见中反馈给李委员同志的意见建议1条" in page


def test_the_colleague_who_reads_for_an_absent_member_cannot_take_leave_too(sitting):
    li = sitting.attendance.get(person__name="李委员")
    attendance_update(attendance=_row(sitting, "王委员"), status=AttendanceStatus.LEAVE, reason="出差", read_by=li.person)
    with pytest.raises(MinutesError, match="已被指定代读王委员的书面材料"):
        attendance_update(attendance=li, status=AttendanceStatus.LEAVE, reason="病假")
