"""Meeting mode (seed 000 §四(二)2–3, 001 §四): the recorder runs the agenda and the
rotation with a countdown, and every slot keeps its actual start, end and pauses.

The recorder's page sends presses (proceedings.mode_replay.Move) with its own ids and
times; `mode_events_record` stores each once and replays the whole log of the sitting
onto its slots, so the slots always say what the log says, whatever arrived twice or
late. Closing meeting mode (`mode_close`) records the meeting held, on the day it sat
in Asia/Shanghai — the office can still do that by the meeting's own form.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from meetings.access import MeetingAccess, ensure_not_archived
from meetings.models import Meeting, Stage
from meetings.workflow import TransitionError
from organizations.county import cn_number

from .minutes import sitting_hold
from .mode_replay import Move, Press, replay
from .models import ModeEvent, Sitting, SittingStatus, Slot, SlotKind, SlotStatus
from .rotation import slots_for, speaking_limits

# The meeting sits once the upper level agreed. Once it is recorded held (here or by the
# office's form) its sitting is held and meeting mode takes no more presses.
OPEN_STAGES = (Stage.CONVENE_APPROVED, Stage.HELD)
# The day a meeting sat is the day in the place it sat, whatever the server runs in.
MEETING_ZONE = ZoneInfo("Asia/Shanghai")


class ModeClosed(Exception):
    """Meeting mode does not take presses for this sitting now; the message says why."""


@dataclass(frozen=True)
class EventData:
    """A press as the page (or the plain form) sends it, already validated."""

    client_id: uuid.UUID
    move: str
    slot: int
    at: datetime
    seq: int = 0


@dataclass
class Outcome:
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)


def mode_refusal(meeting: Meeting, sitting: Sitting | None) -> str:
    """Why meeting mode cannot run now; "" when it can."""
    if meeting.stage == Stage.ARCHIVED:
        return "会议已归档，会议模式不能再记录。"
    if meeting.stage == Stage.HALTED or (sitting and sitting.status == SittingStatus.HALTED):
        return "会议已被叫停，会议模式不再记录。"
    if sitting is None:
        return "尚未生成本次会议的议程和发言顺序。"
    if sitting.status == SittingStatus.HELD:
        return "会议模式已结束，会议已记为召开；如需补充，请在会议记录中填写。"
    if sitting.minutes_finished_at:
        return "会议记录已完成，会议模式不再记录；如需修改，请先在会议记录中重新打开。"
    if meeting.stage not in OPEN_STAGES:
        return "上级同意召开后，才能进入会议模式。"
    return ""


def skipped_slots(slots) -> set[int]:
    """Slots not spoken: marked 请假 (an absent member's criticisms; their self-criticism
    when nobody reads their material). Shown in the rotation, passed over by 下一位."""
    return {s.pk for s in slots if s.status == SlotStatus.LEAVE}


@transaction.atomic
def mode_events_record(*, sitting: Sitting, events: list[EventData], actor) -> Outcome:
    """Store the presses not stored yet, then replay the sitting's whole log onto its slots.

    Raises ModeClosed when meeting mode takes no presses for the sitting (nothing stored)."""
    sitting = Sitting.objects.select_for_update().select_related("meeting").get(pk=sitting.pk)
    refusal = mode_refusal(sitting.meeting, sitting)
    if refusal:
        raise ModeClosed(refusal)
    ensure_not_archived(sitting.meeting, "会议记录")
    outcome = Outcome()
    ids = [e.client_id for e in events]
    known = set(ModeEvent.objects.filter(sitting=sitting, client_id__in=ids).values_list("client_id", flat=True))
    slot_ids = set(sitting.slots.values_list("pk", flat=True))
    rows, seen = [], set()
    now = timezone.now()
    for event in events:
        key = str(event.client_id)
        if event.client_id in known or event.client_id in seen:
            outcome.duplicates.append(key)
        elif event.slot not in slot_ids:
            outcome.refused.append({"id": key, "message": "发言顺序已重新生成，这条记录对应的发言已不存在，未予记录。"})
        else:
            seen.add(event.client_id)
            rows.append(ModeEvent(sitting=sitting, client_id=event.client_id, seq=event.seq, move=event.move,
                                  slot_id=event.slot, at=event.at, received_at=now, actor=actor))
            outcome.stored.append(key)
    if rows:
        ModeEvent.objects.bulk_create(rows)
        mode_replay_apply(sitting=sitting)
    return outcome


def mode_replay_apply(*, sitting: Sitting) -> None:
    """Write what the log says onto the slots it touched, and start the sitting."""
    slots = list(sitting.slots.order_by("order"))
    presses = [
        Press(e.move, e.slot_id, e.at, e.seq, e.pk)
        for e in ModeEvent.objects.filter(sitting=sitting).only("move", "slot_id", "at", "seq")
    ]
    result = replay(presses, [s.pk for s in slots], skipped_slots(slots))
    changed = []
    for slot in slots:
        clock = result.clocks.get(slot.pk)
        if clock is None or clock.started_at is None:
            continue
        if slot.pk == result.current:
            status = SlotStatus.RUNNING if result.running else SlotStatus.PAUSED
        else:
            status = SlotStatus.DONE
        values = {"started_at": clock.started_at, "ended_at": clock.ended_at, "paused_at": clock.paused_at,
                  "paused_seconds": clock.paused_seconds, "status": status}
        if any(getattr(slot, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(slot, k, v)
            changed.append(slot)
    if changed:
        Slot.objects.bulk_update(changed, list(values))
    first = min((c.started_at for c in result.clocks.values() if c.started_at), default=None)
    update = {}
    if first and sitting.started_at != first:
        update["started_at"] = first
    if first and sitting.status == SittingStatus.PREPARED:
        update["status"] = SittingStatus.IN_PROGRESS
    if update:
        Sitting.objects.filter(pk=sitting.pk).update(**update)
        for k, v in update.items():
            setattr(sitting, k, v)


def upcoming_slot(slots) -> Slot | None:
    """What 开始 starts when nothing runs: the first slot not yet spoken after the last one
    that was (mirrored by Machine.upcoming in meeting_mode.js)."""
    skipped = skipped_slots(slots)
    last = max((i for i, s in enumerate(slots) if s.started_at), default=-1)
    after = [s for s in slots[last + 1:] if s.pk not in skipped]
    if after:
        return after[0]
    return next((s for s in slots if s.pk not in skipped and not s.started_at), None)


def following_slot(slots, slot) -> Slot | None:
    skipped = skipped_slots(slots)
    index = next(i for i, s in enumerate(slots) if s.pk == slot.pk)
    return next((s for s in slots[index + 1:] if s.pk not in skipped), None)


def current_slot(slots) -> Slot | None:
    return next((s for s in slots if s.status in (SlotStatus.RUNNING, SlotStatus.PAUSED)), None)


# --- what the pages show -------------------------------------------------------------


def slot_limit_seconds(slot: Slot, limits) -> int | None:
    """The countdown of a slot: its own limit, else the plan's speaking limits (seed 000
    §四(二)3: "个人发言一般在XX分钟左右，对发言人开展批评一般在XX分钟左右")."""
    minutes = slot.limit_minutes
    if minutes is None and slot.kind == SlotKind.SELF:
        minutes = limits.speech_minutes
    if minutes is None and slot.kind == SlotKind.CRITICISM:
        minutes = limits.criticism_minutes
    return minutes * 60 if minutes else None


def agenda_numbers(slots) -> dict[int, int]:
    """Each agenda item's place in the sitting (第N项议程), from the slots in order."""
    numbers: dict[int, int] = {}
    for slot in slots:
        numbers.setdefault(slot.agenda_item_id, len(numbers) + 1)
    return numbers


def slot_public(slot: Slot, limits, number: int | None = None) -> dict:
    """What the room may see of a slot (the projector shows this and nothing else): who
    speaks and on what, never what was said. `number` is its agenda item's place."""
    subject = slot.subject.name if slot.subject else ""
    place = f"第{cn_number(number)}项议程" if number else ""
    note = ""
    if slot.kind == SlotKind.SELF:
        who, what = subject, "自我批评"
        if slot.read_by:
            who, note = slot.read_by.name, f"{subject}请假，由{slot.read_by.name}代读其书面发言材料"
        elif slot.status == SlotStatus.LEAVE:
            note = f"{subject}请假"
        label = f"{subject}自我批评" + (f"（{slot.read_by.name}代读）" if slot.read_by else "")
    elif slot.kind == SlotKind.CRITICISM:
        who, what = slot.speaker.name, f"对{subject}提出批评意见"
        label = f"{slot.speaker.name}对{subject}提出批评"
        if slot.status == SlotStatus.LEAVE:
            note = f"{slot.speaker.name}请假"
    else:
        who, what = slot.agenda_item.speaker_label, slot.agenda_item.title
        label = slot.agenda_item.title + (f"（{who}）" if who else "")
    if slot.kind == SlotKind.ITEM:
        item = place or slot.agenda_item.title
    else:
        item = "　".join(filter(None, [place, f"批评和自我批评（{subject}）"]))
    return {
        "id": slot.pk,
        "item": item,
        "label": label,
        "who": who or "—",
        "what": what,
        "note": note,
        "kind": slot.kind,
        "limit": slot_limit_seconds(slot, limits),
        "skipped": slot.status == SlotStatus.LEAVE,
    }


def _ms(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp() * 1000)


def slot_clock(slot: Slot) -> dict:
    return {"started_at": _ms(slot.started_at), "ended_at": _ms(slot.ended_at), "paused_at": _ms(slot.paused_at),
            "paused": slot.paused_seconds}


def mode_state(sitting: Sitting, slots=None) -> dict:
    """The state both pages start from and poll: the clocks of the slots spoken so far, the
    current slot and the next (as the projector shows them)."""
    slots = slots if slots is not None else slots_for(sitting)
    limits = speaking_limits(sitting.meeting)
    numbers = agenda_numbers(slots)
    current = current_slot(slots)
    upcoming = following_slot(slots, current) if current else upcoming_slot(slots)
    after = following_slot(slots, upcoming) if (upcoming and not current) else None

    def public(slot, with_clock=False):
        if slot is None:
            return None
        data = slot_public(slot, limits, numbers.get(slot.agenda_item_id))
        if with_clock:
            data["clock"] = slot_clock(slot)
        return data

    return {
        "server_now": _ms(timezone.now()),
        "closed": sitting.status == SittingStatus.HELD,
        "current": current.pk if current else None,
        "running": bool(current and current.status == SlotStatus.RUNNING),
        "clocks": {str(s.pk): slot_clock(s) for s in slots if s.started_at},
        # Marked 请假 since the page loaded (a member called away): passed over from now on.
        "skipped": sorted(skipped_slots(slots)),
        "current_slot": public(current, with_clock=True),
        "next_slot": public(upcoming),
        "after_next": public(after),
    }


# --- closing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Closed:
    held_on: object  # the date recorded, or None when the meeting was not moved
    message: str


@transaction.atomic
def mode_close(*, sitting: Sitting, actor, access: MeetingAccess) -> Closed:
    """End meeting mode: the slot still running ends now, the sitting is held, and the
    meeting is recorded held on the day it sat (Asia/Shanghai), by the room's move.

    Once the office has recorded it held by form, the sitting is held and there is nothing
    to close (ModeClosed says so)."""
    sitting = Sitting.objects.select_for_update().select_related("meeting").get(pk=sitting.pk)
    meeting = sitting.meeting
    refusal = mode_refusal(meeting, sitting)
    if refusal:
        raise ModeClosed(refusal)
    ensure_not_archived(meeting, "会议记录")
    now = timezone.now()
    slots = list(sitting.slots.order_by("order"))
    current = current_slot(slots)
    if current:
        # Never before the last press: a page whose clock ran ahead must not see its
        # running slot end before it began.
        last = ModeEvent.objects.filter(sitting=sitting).order_by("-at", "-seq").values_list("at", "seq").first()
        at, seq = (max(now, last[0]), last[1] + 1) if last else (now, 0)
        ModeEvent.objects.create(sitting=sitting, client_id=uuid.uuid4(), move=Move.STOP, slot=current,
                                 at=at, seq=seq, received_at=now, actor=actor)
        mode_replay_apply(sitting=sitting)
        sitting.refresh_from_db()
    ended = max((s.ended_at for s in sitting.slots.all() if s.ended_at), default=None)
    day = timezone.localdate(sitting.started_at or now, timezone=MEETING_ZONE)
    sitting.ended_at = ended or now
    sitting.save(update_fields=["ended_at"])
    if meeting.stage != Stage.CONVENE_APPROVED:
        # Held already (the record made afterwards on paper): the sitting closes with it.
        Sitting.objects.filter(pk=sitting.pk).update(status=SittingStatus.HELD)
        return Closed(None, f"会议模式已结束；会议此前已记为{_date(meeting.held_on)}召开。")
    try:
        # The room's move: record_held, whose hook marks the sitting held.
        sitting_hold(sitting=sitting, actor=actor, access=access, on_date=day)
    except TransitionError as error:
        raise ModeClosed(str(error)) from error  # leaving the transaction undoes the close
    return Closed(day, f"会议模式已结束，会议记为{_date(day)}召开；召开情况报告须在会后15日内报送。")


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "此前"
