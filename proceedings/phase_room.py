"""The room's part of the phase: the checklist section "会议召开", the hooks on the meeting's
moves (record_held marks the sitting held; halt keeps the sitting's minutes as halted),
the documents and the demo data."""

from django.urls import reverse

from meetings.dates import day_text
from meetings.models import Meeting, Stage
from meetings.progress import ChecklistItem, register_checklist
from meetings.workflow import on_transition

from . import documents_room  # noqa: F401  registers 会议议程, 主持词, 会议记录
from .minutes import sitting_mark_halted, sitting_mark_held
from .models import AttendanceStatus, Sitting, SittingStatus, SlotKind, SlotStatus


def _minutes_url(meeting) -> str:
    return reverse("proceedings:minutes", args=[meeting.pk])


@register_checklist("会议召开", order=70, link=_minutes_url, key="proceedings_room", waivable=False)
def room_progress(meeting: Meeting):
    agenda_count = meeting.agenda_items.count()
    sitting = Sitting.objects.filter(meeting=meeting).order_by("-number").first()
    halted = Sitting.objects.filter(meeting=meeting, status=SittingStatus.HALTED).count()
    agenda_url = reverse("proceedings:agenda", args=[meeting.pk])
    items = [ChecklistItem("会议议程和发言顺序", agenda_count > 0, f"{agenda_count}项议程" if agenda_count else "尚未确定",
                           url=agenda_url)]
    if sitting is None or sitting.is_halted:
        detail = f"已叫停{halted}次，待重新召开" if halted else "尚未开始"
        items.append(ChecklistItem("会议记录", False, detail, url=_minutes_url(meeting)))
        return items
    leave = sitting.attendance.filter(status=AttendanceStatus.LEAVE).count()
    rotation = sitting.slots.exclude(kind=SlotKind.ITEM)
    done = rotation.filter(status=SlotStatus.DONE).count()
    items += [
        ChecklistItem("出席情况", sitting.attendance.exists(), f"请假{leave}人" if leave else "全部出席",
                      url=reverse("proceedings:sitting", args=[sitting.pk]) + "#attendance"),
        ChecklistItem("批评和自我批评", done > 0 and not rotation.filter(status=SlotStatus.PENDING).exists(),
                      f"已发言{done}段，共{rotation.count()}段", url=reverse("proceedings:sitting", args=[sitting.pk])),
        ChecklistItem("会议记录", sitting.minutes_finished, "已完成" if sitting.minutes_finished else "记录中",
                      url=reverse("proceedings:sitting", args=[sitting.pk])),
        ChecklistItem("会议已召开", meeting.stage in (Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED),
                      day_text(meeting.held_on, "")),
    ]
    return items


@on_transition("record_held")
def _held(*, meeting, actor, note, at):
    sitting_mark_held(meeting=meeting, at=at)


@on_transition("halt")
def _halted(*, meeting, actor, note, at):
    sitting_mark_halted(meeting=meeting, actor=actor, note=note, at=at)
