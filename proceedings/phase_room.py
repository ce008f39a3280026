"""The room's part of the phase: the checklist section "会议召开", the hooks on the meeting's
moves (record_held marks the sitting held; halt keeps the sitting's minutes as halted),
the documents and the demo data."""

from django.urls import reverse

from meetings.dates import day_text
from meetings.models import Meeting, Stage
from django.db.models import Exists, OuterRef

from meetings.builders import register_county, register_demo
from meetings.progress import (
    OFFICE,
    OVERSEER,
    ChecklistItem,
    WorkItem,
    register_checklist,
    register_work,
)
from organizations.paging import url_maker
from organizations.selectors import org_ids_with_perm, overseen_orgs, oversees_any
from meetings.workflow import on_transition

from . import documents_room  # noqa: F401  registers 会议议程, 主持词, 会议记录
from .minutes import sitting_mark_halted, sitting_mark_held
from .models import AttendanceStatus, Sitting, SittingStatus, SlotKind, SlotStatus, SupervisorComment


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


@register_demo(order=70)
def _room_demo(context: dict) -> None:
    from .demo import room_demo

    room_demo(context)


@register_work(roles=(OFFICE, OVERSEER))
def room_work(user):
    """The office: minutes to enter for a meeting agreed or held; the supervisor: the 点评 of
    a meeting held under their supervision. A fixed number of queries."""
    items = []
    minutes = url_maker("proceedings:minutes")
    offices = org_ids_with_perm(user, "manage_organization")
    if offices:
        open_minutes = Sitting.objects.filter(meeting=OuterRef("pk"), minutes_finished_at__isnull=True).exclude(
            status=SittingStatus.HALTED)
        none_yet = ~Exists(Sitting.objects.filter(meeting=OuterRef("pk")).exclude(status=SittingStatus.HALTED))
        for meeting in Meeting.objects.filter(organization_id__in=offices, stage__in=[Stage.CONVENE_APPROVED, Stage.HELD]) \
                .filter(Exists(open_minutes) | none_yet).select_related("organization"):
            items.append(WorkItem(title="记录会议（会议记录）", meeting_title=meeting.title, url=minutes(meeting.pk),
                                  kind="会议记录", organization=meeting.organization.display_name,
                                  since=meeting.held_on))
    if oversees_any(user):
        commented = SupervisorComment.objects.filter(sitting__meeting=OuterRef("pk"))
        held = Sitting.objects.filter(meeting=OuterRef("pk"), status=SittingStatus.HELD)
        for meeting in Meeting.objects.filter(organization_id__in=overseen_orgs(user), stage=Stage.HELD) \
                .filter(Exists(held), ~Exists(commented)).select_related("organization"):
            items.append(WorkItem(title="填写督导点评", meeting_title=f"{meeting.organization.display_name} · {meeting.title}",
                                  url=minutes(meeting.pk), kind="督导点评", organization=meeting.organization.display_name,
                                  since=meeting.held_on))
    return items


@register_county(order=70)
def _room_county(county) -> None:
    from .county_room import room_county

    room_county(county)
