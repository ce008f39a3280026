"""The minutes of a sitting entered by form: attendance, notes per agenda item and per
slot, each criticism as its own attributed item, the members' 说明, the supervisor's 点评;
finishing the minutes, recording the meeting held, 叫停.

Seed 002 方案8 §五3: the minutes hold the meeting's name, time, place, who attended and who
was absent, the chair and the recorder, and the content in the agreed order, truthfully.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from meetings.access import MeetingAccess, ensure_not_archived
from meetings.models import Stage
from meetings.workflow import meeting_transition
from organizations.selectors import person_for_user

from .models import (
    AgendaKind,
    Attendance,
    AttendanceStatus,
    Criticism,
    Explanation,
    ExplanationTopic,
    Sitting,
    SittingStatus,
    Slot,
    SlotKind,
    SlotStatus,
    SupervisorComment,
)
from .rotation import rotation_members


class MinutesError(Exception):
    """A change of the minutes that is refused; the message is shown as is."""


class MinutesConflict(MinutesError):
    MESSAGE = ("这段记录已被他人修改：为避免覆盖对方的修改，本次未保存；您填写的内容仍在下方，"
               "对方保存的内容见页面上方，请核对后再保存。")


# The minutes are written once the upper level agreed to convene (and afterwards: the
# paper path enters a meeting held before it was in the system).
RECORDING_STAGES = (Stage.CONVENE_APPROVED, Stage.HELD, Stage.RECTIFYING)


def ensure_sitting_editable(sitting: Sitting, what: str = "会议记录") -> None:
    ensure_not_archived(sitting.meeting, what)
    if sitting.is_halted:
        raise MinutesError("本次会议已被叫停，其记录予以保留，不能再修改。")
    if sitting.minutes_finished:
        raise MinutesError("会议记录已完成，不能再修改；如需补充，请先“继续记录”。")


def ensure_recording(sitting: Sitting, what: str = "会议记录") -> None:
    ensure_sitting_editable(sitting, what)
    if sitting.meeting.stage not in RECORDING_STAGES:
        raise MinutesError(f"会议处于“{sitting.meeting.get_stage_display()}”阶段：上级同意召开后才能记录会议内容。")


# ---- attendance ---------------------------------------------------------------------


@transaction.atomic
def attendance_update(*, attendance: Attendance, status: str, reason: str = "", read_by=None) -> Attendance:
    """Set one person's attendance. A member on leave needs a reason; their written
    self-criticism may be read by a colleague (read_by); their rotation stays."""
    sitting = attendance.sitting
    ensure_sitting_editable(sitting, "出席情况")
    reason = (reason or "").strip()
    members = {p.pk for p in rotation_members(sitting.meeting)}
    is_member = attendance.person_id in members
    if status == AttendanceStatus.LEAVE and not reason:
        raise MinutesError(f"{attendance.label}请假，须写明请假事由。")
    if read_by is not None:
        if status != AttendanceStatus.LEAVE or not is_member:
            raise MinutesError("只有请假的班子成员才需要指定代读其书面材料的同志。")
        if read_by.pk == attendance.person_id:
            raise MinutesError("代读人应是出席会议的其他同志。")
        absent = Attendance.objects.filter(sitting=sitting, person=read_by, status=AttendanceStatus.LEAVE)
        if absent.exclude(pk=attendance.pk).exists():
            raise MinutesError(f"{read_by.name}也已请假，不能代读。")
    if status == AttendanceStatus.LEAVE and is_member:
        reads_for = sitting.slots.filter(kind=SlotKind.SELF, read_by_id=attendance.person_id).select_related("subject").first()
        if reads_for is not None:
            raise MinutesError(f"{attendance.label}已被指定代读{reads_for.subject.name}的书面材料，请先另行指定代读人。")
    attendance.status, attendance.reason = status, reason if status == AttendanceStatus.LEAVE else ""
    attendance.save(update_fields=["status", "reason"])
    if is_member:
        _apply_absence(sitting, attendance.person_id, absent=status == AttendanceStatus.LEAVE, reader=read_by)
    return attendance


def _apply_absence(sitting: Sitting, person_id: int, *, absent: bool, reader) -> None:
    """Mark the absent member's criticisms of others 请假 (never drop them), and their own
    self-criticism read by `reader` or 请假; undo it when they attend after all."""
    untouched = sitting.slots.filter(started_at__isnull=True, status__in=[SlotStatus.PENDING, SlotStatus.LEAVE])
    untouched.filter(kind=SlotKind.CRITICISM, speaker_id=person_id).update(
        status=SlotStatus.LEAVE if absent else SlotStatus.PENDING)
    own_status = SlotStatus.LEAVE if absent and reader is None else SlotStatus.PENDING
    untouched.filter(kind=SlotKind.SELF, subject_id=person_id).update(
        status=own_status, read_by=reader if absent else None)


@transaction.atomic
def attendance_add(*, sitting: Sitting, status: str, name: str = "", person=None, reason: str = "") -> Attendance:
    """A person who is not in the default list: 列席 or 到会指导 (by name if unknown)."""
    ensure_sitting_editable(sitting, "出席情况")
    if person is None and not (name or "").strip():
        raise MinutesError("请填写姓名或单位。")
    if person is not None and Attendance.objects.filter(sitting=sitting, person=person).exists():
        raise MinutesError(f"{person.name}已在出席名单中。")
    if status == AttendanceStatus.LEAVE and not (reason or "").strip():
        raise MinutesError("请假须写明请假事由。")
    order = (sitting.attendance.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return Attendance.objects.create(sitting=sitting, person=person, name=(name or "").strip(), status=status,
                                     reason=(reason or "").strip(), order=order)


# ---- notes per agenda item and per slot ---------------------------------------------


def _hm(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def slot_time_text(slot: Slot) -> str:
    if slot.started_at and slot.ended_at:
        return f"{_hm(slot.started_at)}—{_hm(slot.ended_at)}"
    if slot.started_at:
        return f"{_hm(slot.started_at)}起"
    return ""


def slot_skeleton(slot: Slot) -> str:
    """The line the recorder's notes start from: who, from when to when."""
    when = slot_time_text(slot)
    when = f"（{when}）" if when else ""
    if slot.kind == SlotKind.SELF:
        if slot.read_by_id:
            return f"{slot.subject.name}同志请假，其书面对照检查材料由{slot.read_by.name}同志代为宣读{when}："
        return f"{slot.subject.name}同志作对照检查发言，开展自我批评{when}："
    if slot.kind == SlotKind.CRITICISM:
        return f"{slot.speaker.name}同志对{slot.subject.name}同志提出批评意见{when}："
    speaker = slot.speaker.name + "同志" if slot.speaker_id else slot.agenda_item.speaker_text
    return f"{speaker}{slot.agenda_item.title}{when}：" if speaker else f"{slot.agenda_item.title}{when}："


@transaction.atomic
def slot_record(*, slot: Slot, version: int, notes: str, started_at=None, ended_at=None) -> Slot:
    """Save the recorder's notes on a slot (and its times, when entered by hand)."""
    ensure_recording(slot.sitting)
    if started_at and ended_at and ended_at < started_at:
        raise MinutesError("结束时间不能早于开始时间。")
    fields = {"notes": (notes or "").strip()}
    if started_at is not None:
        fields["started_at"] = started_at
    if ended_at is not None:
        fields["ended_at"] = ended_at
        if slot.status in (SlotStatus.PENDING, SlotStatus.RUNNING, SlotStatus.PAUSED):
            fields["status"] = SlotStatus.DONE
    if not Slot.objects.filter(pk=slot.pk, version=version).update(version=F("version") + 1, **fields):
        raise MinutesConflict(MinutesConflict.MESSAGE)
    slot.refresh_from_db()
    return slot


@transaction.atomic
def slot_mark_done(*, slot: Slot) -> Slot:
    ensure_recording(slot.sitting)
    if slot.status == SlotStatus.LEAVE:
        raise MinutesError("该同志请假，这段发言未进行。")
    Slot.objects.filter(pk=slot.pk).update(status=SlotStatus.DONE, version=F("version") + 1)
    slot.refresh_from_db()
    return slot


# ---- criticisms ---------------------------------------------------------------------


@transaction.atomic
def criticism_add(*, slot: Slot, text: str, actor) -> Criticism:
    """One criticism raised in a criticism slot, attributed to its speaker and subject."""
    ensure_recording(slot.sitting)
    if slot.kind != SlotKind.CRITICISM:
        raise MinutesError("批评意见记在批评发言之下。")
    if slot.status == SlotStatus.LEAVE:
        raise MinutesError(f"{slot.speaker.name}同志请假，未在会上提出批评意见。")
    text = (text or "").strip()
    if not text:
        raise MinutesError("请填写批评意见。")
    order = (slot.criticisms.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return Criticism.objects.create(sitting=slot.sitting, slot=slot, giver_id=slot.speaker_id,
                                    receiver_id=slot.subject_id, text=text, order=slot.order * 100 + order,
                                    created_by=actor)


@transaction.atomic
def criticism_update(*, criticism: Criticism, version: int, text: str) -> Criticism:
    ensure_recording(criticism.sitting)
    text = (text or "").strip()
    if not text:
        raise MinutesError("请填写批评意见。")
    if not Criticism.objects.filter(pk=criticism.pk, version=version).update(
            text=text, version=F("version") + 1, updated_at=timezone.now()):
        raise MinutesConflict(MinutesConflict.MESSAGE)
    criticism.refresh_from_db()
    return criticism


@transaction.atomic
def criticism_delete(*, criticism: Criticism) -> bool:
    ensure_recording(criticism.sitting)
    deleted, _ = Criticism.objects.filter(pk=criticism.pk).delete()
    return bool(deleted)


# ---- members' 说明 -------------------------------------------------------------------


@transaction.atomic
def explanation_save(*, sitting: Sitting, person, topic: str, text: str, version: int, actor) -> Explanation | None:
    """A member's 说明 on one topic; version 0 for a new one. Emptied text removes it."""
    ensure_recording(sitting)
    if topic not in ExplanationTopic.values:
        raise MinutesError("未知的说明事项。")
    text = (text or "").strip()
    existing = Explanation.objects.filter(sitting=sitting, person=person, topic=topic).first()
    current = existing.version if existing else 0
    if current != version:
        raise MinutesConflict(MinutesConflict.MESSAGE)
    if existing is None:
        return Explanation.objects.create(sitting=sitting, person=person, topic=topic, text=text,
                                          updated_by=actor) if text else None
    if not text:
        existing.delete()
        return None
    Explanation.objects.filter(pk=existing.pk).update(text=text, updated_by=actor, version=F("version") + 1,
                                                      updated_at=timezone.now())
    existing.refresh_from_db()
    return existing


def routed_opinion_count(meeting, person) -> int:
    """How many opinions were fed back to this member (what their 说明 answers, 001 §三(二)2)."""
    from feedback.models import OpinionRouting, OpinionState

    return OpinionRouting.objects.filter(opinion__solicitation__meeting=meeting, member=person,
                                         opinion__state=OpinionState.RELEASED).count()


# ---- the supervisor's 点评 ------------------------------------------------------------


def comment_agenda_item(sitting: Sitting):
    return sitting.meeting.agenda_items.filter(kind=AgendaKind.SUPERVISOR).order_by("order").first()


@transaction.atomic
def comment_save(*, sitting: Sitting, access: MeetingAccess, actor, text: str, version: int = 0,
                 comment: SupervisorComment | None = None) -> SupervisorComment:
    """The supervising leader's 点评, entered by the supervisor themself."""
    ensure_not_archived(sitting.meeting, "督导点评")
    if sitting.is_halted:
        raise MinutesError("本次会议已被叫停，其记录予以保留，不能再修改。")
    if not access.is_supervisor:
        raise MinutesError("点评由到会指导的上级领导本人填写。")
    if sitting.meeting.stage not in RECORDING_STAGES:
        raise MinutesError("上级同意召开后才能填写点评。")
    text = (text or "").strip()
    if not text:
        raise MinutesError("请填写点评意见。")
    if comment is None:
        person = person_for_user(actor)
        label = person.name if person else actor.get_username()
        return SupervisorComment.objects.create(sitting=sitting, agenda_item=comment_agenda_item(sitting),
                                                author=actor, author_label=label, text=text)
    if comment.author_id != actor.pk:
        raise MinutesError("只能修改本人的点评。")
    if not SupervisorComment.objects.filter(pk=comment.pk, version=version).update(
            text=text, version=F("version") + 1, updated_at=timezone.now()):
        raise MinutesConflict(MinutesConflict.MESSAGE)
    comment.refresh_from_db()
    return comment


# ---- finishing, held, halted --------------------------------------------------------


@transaction.atomic
def minutes_finish(*, sitting: Sitting, actor) -> Sitting:
    ensure_recording(sitting)
    Sitting.objects.filter(pk=sitting.pk).update(minutes_finished_at=timezone.now(), minutes_finished_by=actor,
                                                 version=F("version") + 1)
    sitting.refresh_from_db()
    return sitting


@transaction.atomic
def minutes_reopen(*, sitting: Sitting, actor) -> Sitting:
    ensure_not_archived(sitting.meeting, "会议记录")
    if sitting.is_halted:
        raise MinutesError("本次会议已被叫停，其记录予以保留，不能再修改。")
    Sitting.objects.filter(pk=sitting.pk).update(minutes_finished_at=None, minutes_finished_by=None,
                                                 version=F("version") + 1)
    sitting.refresh_from_db()
    return sitting


def sitting_hold(*, sitting: Sitting, actor, access: MeetingAccess, on_date: date):
    """Record the meeting as held on `on_date` (the office, by form; meeting mode's close
    calls the same move). The sitting is marked held by the record_held hook."""
    return meeting_transition(meeting=sitting.meeting, name="record_held", actor=actor, access=access,
                              on_date=on_date)


def sitting_halt(*, sitting: Sitting, actor, access: MeetingAccess, reason: str):
    """叫停 during or after the meeting: the sitting and its minutes stay; the meeting is
    prepared again and held in a new sitting."""
    return meeting_transition(meeting=sitting.meeting, name="halt", actor=actor, access=access, note=reason)


def sitting_mark_held(*, meeting, at) -> None:
    """From the record_held move: the current sitting is held (ended now if not yet)."""
    from .rotation import current_sitting

    sitting = current_sitting(meeting)
    if sitting is None:
        return
    Sitting.objects.filter(pk=sitting.pk).update(
        status=SittingStatus.HELD, ended_at=sitting.ended_at or at, version=F("version") + 1)


def sitting_mark_halted(*, meeting, actor, note, at) -> None:
    """From the halt move: the current sitting is halted with the reason, kept as it is."""
    from .rotation import current_sitting

    sitting = current_sitting(meeting)
    if sitting is None:
        return
    Sitting.objects.filter(pk=sitting.pk).update(
        status=SittingStatus.HALTED, halted_at=at, halted_by=actor, halt_reason=note, version=F("version") + 1)


# ---- what the minutes say, for the report and the documents -------------------------


@dataclass
class PersonCount:
    person: object
    given: int = 0
    received: int = 0


@dataclass
class MinutesSummary:
    sitting: Sitting
    expected: int  # 应到
    present: int  # 实到
    on_leave: list = field(default_factory=list)  # [(name, reason)]
    non_voting: list = field(default_factory=list)  # names
    guiding: list = field(default_factory=list)  # names
    counts: list = field(default_factory=list)  # PersonCount per rotation member, in order
    durations: list = field(default_factory=list)  # [(slot, seconds or None)]
    comments: list = field(default_factory=list)  # SupervisorComment
    explanations: list = field(default_factory=list)  # Explanation
    criticism_total: int = 0


def minutes_summary(sitting: Sitting) -> MinutesSummary:
    """Attendance figures, criticisms given and received per person, each slot's duration
    and the supervisor's comments: what the situation report says of the meeting."""
    rows = list(sitting.attendance.select_related("person"))
    members = rotation_members(sitting.meeting)
    member_ids = {m.pk for m in members}
    member_rows = [a for a in rows if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.LEAVE)]
    given = Counter()
    received = Counter()
    total = 0
    for giver_id, receiver_id in sitting.criticisms.values_list("giver_id", "receiver_id"):
        given[giver_id] += 1
        received[receiver_id] += 1
        total += 1
    slots = list(sitting.slots.select_related("speaker", "subject", "read_by", "agenda_item").order_by("order"))
    return MinutesSummary(
        sitting=sitting,
        expected=len(member_rows),
        present=sum(1 for a in member_rows if a.status == AttendanceStatus.PRESENT),
        on_leave=[(a.label, a.reason) for a in rows if a.status == AttendanceStatus.LEAVE],
        non_voting=[a.label for a in rows if a.status == AttendanceStatus.NON_VOTING],
        guiding=[a.label for a in rows if a.status == AttendanceStatus.GUIDING],
        counts=[PersonCount(m, given[m.pk], received[m.pk]) for m in members if m.pk in member_ids],
        durations=[(s, s.duration_seconds) for s in slots],
        comments=list(sitting.comments.order_by("created_at", "id")),
        explanations=list(sitting.explanations.select_related("person")),
        criticism_total=total,
    )
