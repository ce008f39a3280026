"""The room's documents: 会议议程 (with the rotation), 主持词 and 会议记录.

Wording after the seeds: 004's agenda ("第一项议程：由……通报……"), 000 §四(二)2 (the five
items, "个人发言一般在XX分钟左右，对发言人开展批评一般在XX分钟左右"), 002 方案8 §五3 (the
minutes: name, time, place, attendance, chair, recorder, the content in the agreed order).
"""

from datetime import date, datetime

from django.http import Http404
from django.utils import timezone

from documents.content import Heading, OfficialDocument, Paragraph, Table
from documents.dating import document_day
from documents.registry import DocumentType, register
from meetings.access import get_meeting_for_user
from meetings.dates import day_text, meeting_dates, time_text
from meetings.models import Meeting

from .access import get_sitting_for_user, sees_all_criticisms
from .agenda import agenda_items
from .minutes import minutes_summary, slot_time_text
from .models import AgendaKind, Sitting, SlotKind, SlotStatus
from .rotation import (
    critics_by_receiver,
    current_sitting,
    needs_assignment,
    rotation_members,
    rotation_turns,
    rounds,
    slots_for,
    speaking_limits,
)

CN = "一二三四五六七八九十"


def cn(n: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 (agenda items and sections stay below twenty)."""
    if n <= 10:
        return CN[n - 1]
    return "十" + CN[n - 11] if n < 20 else str(n)


def agreed_or_planned_text(meeting: Meeting) -> str:
    """The agreed date once the supervisor agreed (MeetingDates.agreed, from the consent to
    convene where that part is merged), else the plan's intended time, else the held day."""
    dates = meeting_dates(meeting)
    agreed = getattr(dates, "agreed", None)
    if isinstance(agreed, datetime):
        return time_text(timezone.localtime(agreed) if timezone.is_aware(agreed) else agreed)
    if isinstance(agreed, date):
        return day_text(agreed)
    if dates.planned:
        return time_text(dates.planned)
    return day_text(dates.held, "待上级审定后确定")


def _plan(meeting):
    from meetings.models import WorkPlan

    return WorkPlan.objects.filter(meeting=meeting).first()


def _because(reason: str) -> str:
    """"因公出差" stays as it is; "病假" becomes "因病假"."""
    return reason if reason.startswith("因") else f"因{reason}"


def _item_line(item, speaker: str, secretary) -> str:
    """"由张书记同志对……进行通报"; an item the plan words as "书记代表……" names the secretary in its place."""
    if secretary and item.speaker_id == secretary.pk:
        for role in ("党组书记", "党委书记", "支部书记", "党支部书记", "书记"):
            if item.title.startswith(role):
                return f"由{speaker}{item.title[len(role):]}"
    if speaker and not item.title.startswith(speaker.removesuffix("同志")):
        return f"由{speaker}{item.title}"
    return item.title


def _names(people) -> str:
    return "、".join(p.name for p in people)


def _speaker(item, plan=None) -> str:
    if item.speaker_id:
        return f"{item.speaker.name}同志"
    if item.speaker_text:
        return item.speaker_text
    if item.kind == AgendaKind.SUPERVISOR:
        return (plan.guiding_leaders if plan and plan.guiding_leaders else "") or "到会指导的领导"
    return ""


def _absences(meeting):
    """(reader by absent person id, reason by absent person id) of the current sitting."""
    sitting = current_sitting(meeting)
    if sitting is None:
        return {}, {}
    reasons = {a.person_id: a.reason for a in sitting.attendance.filter(status="leave", person__isnull=False)}
    readers = {s.subject_id: s.read_by for s in sitting.slots.filter(kind=SlotKind.SELF, subject_id__in=reasons)
               .select_related("read_by")}
    return readers, reasons


def _rotation_rows(meeting, members, readers, reasons) -> list[list[str]]:
    limits = speaking_limits(meeting)
    sitting = current_sitting(meeting)
    if sitting is not None:
        slots = [s for s in slots_for(sitting) if s.kind != SlotKind.ITEM]
        rows = []
        for i, s in enumerate(slots, start=1):
            if s.kind == SlotKind.SELF:
                what = "自我批评" + (f"（请假，书面材料由{s.read_by.name}代读）" if s.read_by_id else
                                 "（请假）" if s.status == SlotStatus.LEAVE else "")
                rows.append([str(i), s.subject.name, what, f"{s.limit_minutes or limits.speech_minutes}分钟"])
            else:
                what = f"对{s.subject.name}提出批评" + ("（请假）" if s.status == SlotStatus.LEAVE else "")
                rows.append([str(i), s.speaker.name, what, f"{s.limit_minutes or limits.criticism_minutes}分钟"])
        return rows
    critics = critics_by_receiver(meeting) if needs_assignment(members) else None
    rows = []
    for i, turn in enumerate(rotation_turns(members, critics=critics), start=1):
        if turn.kind == SlotKind.SELF:
            rows.append([str(i), turn.subject.name, "自我批评", f"{limits.speech_minutes}分钟"])
        else:
            rows.append([str(i), turn.speaker.name, f"对{turn.subject.name}提出批评", f"{limits.criticism_minutes}分钟"])
    return rows


def meeting_agenda(meeting: Meeting) -> OfficialDocument:
    """会议议程, with the rotation of criticism and self-criticism."""
    items = agenda_items(meeting)
    plan = _plan(meeting)
    members = rotation_members(meeting)
    readers, reasons = _absences(meeting)
    limits = speaking_limits(meeting)
    chair = plan.chair if plan else None
    blocks = [
        Heading("一、会议时间"), Paragraph(agreed_or_planned_text(meeting)),
        Heading("二、会议地点"), Paragraph((plan.place if plan else "") or "待定"),
        Heading("三、参加人员"), Paragraph(_names(members) or "待定"),
    ]
    extra = []
    if plan and (plan.non_voting.exists() or plan.non_voting_note):
        extra.append("列席：" + "、".join([p.name for p in plan.non_voting.all()] + ([plan.non_voting_note] if plan.non_voting_note else [])))
    if plan and plan.guiding_leaders:
        extra.append(f"到会指导：{plan.guiding_leaders}")
    blocks += [Paragraph(line) for line in extra]
    blocks.append(Heading("四、会议议程"))
    if not items:
        blocks.append(Paragraph("会议议程尚未确定。"))
    if chair:
        blocks.append(Paragraph(f"会议由{chair.name}同志主持，共{cn(len(items))}项议程。" if items else f"会议由{chair.name}同志主持。"))
    for index, item in enumerate(items, start=1):
        speaker = _speaker(item, plan)
        if item.kind == AgendaKind.ROTATION:
            blocks.append(Paragraph(f"第{cn(index)}项议程：{item.title}。"))
            assigned = critics_by_receiver(meeting) if needs_assignment(members) else None
            for n, subject in enumerate(members, start=1):
                others = [m for m in members if m != subject and (assigned is None or m.pk in assigned.get(subject.pk, ()))]
                if subject.pk in reasons:
                    reader = readers.get(subject.pk)
                    own = f"{subject.name}同志请假（{reasons[subject.pk]}）" + (
                        f"，其书面对照检查材料由{reader.name}同志代为宣读" if reader else "")
                    critics = "其他同志" if assigned is None else _names(others)
                    blocks.append(Paragraph(f"{n}.{own}，{critics}对{subject.name}同志开展批评。"))
                else:
                    critics = "其他同志" if assigned is None else (_names(others) + "同志")
                    blocks.append(Paragraph(f"{n}.{subject.name}同志开展自我批评，{critics}对{subject.name}同志开展批评"
                                            + (f"（{_names(others)}）" if others and assigned is None else "") + "。"))
            blocks.append(Paragraph(f"个人发言一般在{limits.speech_minutes}分钟左右，对发言人开展批评一般在"
                                    f"{limits.criticism_minutes}分钟左右。"))
        elif item.kind == AgendaKind.SUPERVISOR:
            who = f"（{speaker}）" if speaker and speaker not in item.title else ""
            blocks.append(Paragraph(f"第{cn(index)}项议程：{item.title}{who}。"))
        else:
            blocks.append(Paragraph(f"第{cn(index)}项议程：{_item_line(item, speaker, chair)}。"))
    if members:
        blocks.append(Heading("五、批评和自我批评发言顺序"))
        blocks.append(Table(headers=["序号", "发言人", "内容", "时长"],
                            rows=_rotation_rows(meeting, members, readers, reasons), widths=[10, 22, 50, 18]))
    return OfficialDocument(title=f"{meeting.title}会议议程", blocks=blocks,
                            signature=[meeting.organization.name, day_text(document_day())])


def chair_script(meeting: Meeting) -> OfficialDocument:
    """主持词, generated from the agenda: "下面进行第一项议程……"."""
    items = agenda_items(meeting)
    plan = _plan(meeting)
    members = rotation_members(meeting)
    readers, reasons = _absences(meeting)
    limits = speaking_limits(meeting)
    chair = plan.chair if plan else (members[0] if members else None)
    org = meeting.organization.display_name
    present = [m for m in members if m.pk not in reasons]
    blocks = [Paragraph("同志们：", indent=False)]
    opening = f"今天，我们召开{meeting.title}。"
    if meeting.theme:
        opening += f"这次民主生活会的主题是：{meeting.theme}。"
    blocks.append(Paragraph(opening))
    attend = f"出席今天会议的有{_names(present)}同志" if present else ""
    if reasons:
        attend += "；" + "、".join(f"{m.name}同志{_because(reasons[m.pk])}请假" for m in members if m.pk in reasons)
    if plan and plan.guiding_leaders:
        attend += f"。{plan.guiding_leaders}的同志到会指导，让我们表示热烈欢迎"
    if attend:
        blocks.append(Paragraph(attend + "。"))
    if items:
        blocks.append(Paragraph(f"本次会议共有{cn(len(items))}项议程：" + "；".join(
            f"{cn(i)}是{item.title}" for i, item in enumerate(items, start=1)) + "。"))
    for index, item in enumerate(items, start=1):
        blocks.append(Heading(f"第{cn(index)}项议程", level=2))
        lead = f"下面进行第{cn(index)}项议程，{item.title}。"
        speaker = _speaker(item, plan)
        if item.kind == AgendaKind.ROTATION:
            blocks.append(Paragraph(lead + f"个人发言一般在{limits.speech_minutes}分钟左右，对发言人开展批评一般在"
                                           f"{limits.criticism_minutes}分钟左右。"))
            for n, subject in enumerate(members):
                reader = readers.get(subject.pk)
                if chair and subject == chair:
                    text = "首先，我带头开展自我批评。……请同志们对我提出批评意见。"
                elif subject.pk in reasons:
                    text = (f"下面，{subject.name}同志{_because(reasons[subject.pk])}请假，" +
                            (f"请{reader.name}同志代为宣读其书面对照检查材料。" if reader else "其书面材料会后转交。") +
                            f"请同志们对{subject.name}同志提出批评意见。")
                else:
                    text = f"{'下面' if n else '首先'}，请{subject.name}同志开展自我批评。……请同志们对{subject.name}同志提出批评意见。"
                blocks.append(Paragraph(text))
        elif item.kind == AgendaKind.SUPERVISOR:
            blocks.append(Paragraph(lead + f"请{speaker}讲话，大家欢迎。"))
        elif item.kind == AgendaKind.SUMMARY:
            blocks.append(Paragraph(lead + "下面，我代表班子作总结发言。……"))
        elif chair and item.speaker_id == chair.pk:
            blocks.append(Paragraph(lead + "下面，我代表班子" + ("进行对照检查" if item.kind == AgendaKind.SELF_INSPECTION else "通报有关情况") + "。……"))
        else:
            blocks.append(Paragraph(lead + (f"请{speaker}发言。" if speaker else "")))
    blocks.append(Paragraph("会议到此结束，散会。"))
    return OfficialDocument(title=f"{meeting.title}主持词", blocks=blocks, subtitle=f"（{agreed_or_planned_text(meeting)}）",
                            signature=[chair.name if chair else org])


def _minutes_day(sitting: Sitting) -> str:
    if sitting.meeting.held_on and not sitting.is_halted:
        return day_text(sitting.meeting.held_on)
    if sitting.started_at:
        return day_text(timezone.localtime(sitting.started_at).date())
    return agreed_or_planned_text(sitting.meeting)


def sitting_minutes(sitting: Sitting) -> OfficialDocument:
    """会议记录 of one sitting: the facts, then the content in the agenda's order."""
    meeting = sitting.meeting
    summary = minutes_summary(sitting)
    leave = "、".join(f"{name}（{reason}）" for name, reason in summary.on_leave) or "无"
    rows = [
        ["会议名称", meeting.title],
        ["会议时间", _minutes_day(sitting)],
        ["会议地点", sitting.place or "—"],
        ["主持人", sitting.chair.name if sitting.chair else "—"],
        ["记录人", sitting.recorder.name if sitting.recorder else "—"],
        ["出席情况", f"应到{summary.expected}人，实到{summary.present}人"],
        ["请假人员", leave],
    ]
    if summary.non_voting:
        rows.append(["列席人员", "、".join(summary.non_voting)])
    if summary.guiding:
        rows.append(["到会指导", "、".join(summary.guiding)])
    blocks = [Table(headers=["项目", "内容"], rows=rows, widths=[22, 78])]
    if sitting.is_halted:
        blocks.append(Paragraph(f"本次会议已被叫停。叫停原因：{sitting.halt_reason}"))
    criticisms = {}
    for c in sitting.criticisms.select_related("giver", "receiver").order_by("order", "id"):
        criticisms.setdefault(c.slot_id, []).append(c)
    slots = slots_for(sitting)
    sections: list[tuple] = []
    for slot in slots:
        if not sections or sections[-1][0].pk != slot.agenda_item_id:
            sections.append((slot.agenda_item, []))
        sections[-1][1].append(slot)
    number = 0
    for item, item_slots in sections:
        number += 1
        blocks.append(Heading(f"{cn(number)}、{item.title}"))
        if item.kind == AgendaKind.ROTATION:
            for r_index, rnd in enumerate(rounds(item_slots), start=1):
                blocks.append(Heading(f"（{cn(r_index)}）{rnd.subject.name}同志", level=2))
                for slot in rnd.slots:
                    blocks += _slot_blocks(slot, criticisms.get(slot.pk, []))
        else:
            for slot in item_slots:
                blocks += _slot_blocks(slot, [])
        if item.kind == AgendaKind.SUPERVISOR:
            for comment in summary.comments:
                blocks.append(Paragraph(f"{comment.author_label}点评：{comment.text}"))
    if summary.explanations:
        number += 1
        blocks.append(Heading(f"{cn(number)}、情况说明"))
        for e in summary.explanations:
            blocks.append(Paragraph(f"{e.person.name}同志{e.get_topic_display()}：{e.text}"))
    return OfficialDocument(title=f"{meeting.title}会议记录" + (f"（第{sitting.number}次）" if sitting.number > 1 else ""),
                            blocks=blocks,
                            signature=[f"记录人：{sitting.recorder.name}" if sitting.recorder else "记录人：",
                                       _minutes_day(sitting)])


def _slot_blocks(slot, items) -> list:
    when = slot_time_text(slot)
    when = f"（{when}）" if when else ""
    if slot.kind == SlotKind.CRITICISM and slot.status == SlotStatus.LEAVE:
        return [Paragraph(f"{slot.speaker.name}同志请假，未对{slot.subject.name}同志提出批评。")]
    if slot.kind == SlotKind.SELF and slot.status == SlotStatus.LEAVE:
        return [Paragraph(f"{slot.subject.name}同志请假。")]
    if slot.kind == SlotKind.SELF:
        head = (f"{slot.subject.name}同志请假，其书面对照检查材料由{slot.read_by.name}同志代为宣读{when}"
                if slot.read_by_id else f"{slot.subject.name}同志作自我批评{when}")
    elif slot.kind == SlotKind.CRITICISM:
        head = f"{slot.speaker.name}同志对{slot.subject.name}同志提出批评{when}"
    else:
        speaker = f"{slot.speaker.name}同志" if slot.speaker_id else slot.agenda_item.speaker_text
        head = f"{speaker}发言{when}" if speaker else ""
    notes = slot.notes.strip()
    # The recorder's notes start from the skeleton line: don't print it twice.
    text = f"{head}：{notes}" if head and notes and not notes.startswith(head[:6]) else (notes or (head + "。" if head else ""))
    if not notes and not items and slot.status != SlotStatus.DONE:
        text = f"{head}：（未记录）" if head else "（未记录）"
    blocks = [Paragraph(text)] if text else []
    for n, c in enumerate(items, start=1):
        blocks.append(Paragraph(f"{n}.{c.text}"))
    return blocks


def _minutes_for_user(user, pk):
    """The whole minutes carry every criticism: the office, the secretary and the supervisor."""
    sitting, access = get_sitting_for_user(user, pk)
    if not sees_all_criticisms(access):
        raise Http404("会议记录不存在")
    return sitting


register(DocumentType(kind="meeting_agenda", label="会议议程", build=meeting_agenda,
                      get_for_user=lambda user, pk: get_meeting_for_user(user, pk)[0]))
register(DocumentType(kind="chair_script", label="主持词", build=chair_script,
                      get_for_user=lambda user, pk: get_meeting_for_user(user, pk)[0]))
register(DocumentType(kind="sitting_minutes", label="会议记录", build=sitting_minutes,
                      get_for_user=_minutes_for_user))
