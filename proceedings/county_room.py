"""The room's part of the measuring county (meetings.builders.register_county).

Meetings from 报请召开 on have their agenda from the plan's defaults; each meeting held has
one held sitting: attendance (every third meeting with a member on leave, read by the
next), the whole rotation (above nine members two assigned critics each), each slot timed,
two criticisms in each member's round, the minutes finished and the supervisor's 点评.
Deterministic without the county's random stream (other builders keep theirs).
"""

from datetime import timedelta

from meetings.county import _at, participants
from meetings.models import Stage
from meetings.plan_defaults import agenda_for

from .agenda import kind_for_text
from .models import (
    AgendaItem,
    AgendaKind,
    Attendance,
    AttendanceStatus,
    CriticAssignment,
    Criticism,
    Sitting,
    SittingStatus,
    Slot,
    SlotKind,
    SlotStatus,
    SupervisorComment,
)
from .rotation import MIN_CRITICS, needs_assignment, rotation_turns

AGENDA_STAGES = (Stage.CONVENE_REQUESTED, Stage.CONVENE_APPROVED, Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED)
HELD_STAGES = (Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED)
CRITICISMS = ("调查研究不够深入，到基层听取意见的次数偏少。", "抓落实的韧劲不足，个别工作跟进不及时。")
COMMENT = "会前准备比较充分，查摆问题比较具体，批评和自我批评开门见山。希望抓好整改落实。"

def room_county(county) -> None:
    meetings = county.meetings_in(*AGENDA_STAGES)
    items = []
    for m in meetings:
        team = county.team.get(m.organization_id) or []
        secretary = team[0] if team else None
        for order, text in enumerate(agenda_for(m.kind), start=1):
            kind = kind_for_text(text)
            speaker = secretary if kind in (AgendaKind.REPORT, AgendaKind.SELF_INSPECTION, AgendaKind.SUMMARY) else None
            items.append(AgendaItem(meeting=m, order=order, kind=kind, title=text, speaker=speaker))
    county.bulk(AgendaItem, items)
    by_meeting: dict = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)

    held = [m for m in meetings if m.stage in HELD_STAGES and m.held_on]
    sittings = county.bulk(Sitting, (Sitting(
        meeting=m, number=1, status=SittingStatus.HELD, started_at=_at(m.held_on, 9), ended_at=_at(m.held_on, 12),
        chair=(county.team.get(m.organization_id) or [None])[0], recorder=county.office.get(m.organization_id),
        minutes_finished_at=_at(m.held_on, 17)) for m in held))
    attendance, slots, assignments, comments = [], [], [], []
    supervisor = next(iter(county.supervisors.values()), None)

    for index, (m, sitting) in enumerate(zip(held, sittings)):
        members = participants(county, m)
        if not members:
            continue
        absent = {}
        if index % 3 == 0 and len(members) > 2:
            absent = {members[-1].pk: members[1]}
        critics = None
        if needs_assignment(members):
            critics = {p.pk: [members[(i + k) % len(members)].pk for k in range(1, MIN_CRITICS + 1)]
                       for i, p in enumerate(members)}
            assignments += [CriticAssignment(meeting=m, giver_id=g, receiver_id=r) for r, gs in critics.items() for g in gs]
        for i, p in enumerate(members, start=1):
            leave = p.pk in absent
            attendance.append(Attendance(sitting=sitting, person=p, order=i,
                                         status=AttendanceStatus.LEAVE if leave else AttendanceStatus.PRESENT,
                                         reason="因公出差" if leave else ""))
        clock = _at(m.held_on, 9)
        order = 0
        for item in by_meeting.get(m.pk, []):
            if item.kind != AgendaKind.ROTATION:
                order += 1
                slots.append(Slot(sitting=sitting, agenda_item=item, order=order, kind=SlotKind.ITEM,
                                  speaker=item.speaker, status=SlotStatus.DONE, started_at=clock,
                                  ended_at=clock + timedelta(minutes=10)))
                clock += timedelta(minutes=10)
                continue
            for turn in rotation_turns(members, absent=absent, critics=critics):
                order += 1
                minutes = 12 if turn.kind == SlotKind.SELF else 4
                spoken = turn.status != SlotStatus.LEAVE
                slot = Slot(sitting=sitting, agenda_item=item, order=order, kind=turn.kind, speaker=turn.speaker,
                            subject=turn.subject, read_by=turn.read_by,
                            status=SlotStatus.DONE if spoken else SlotStatus.LEAVE,
                            limit_minutes=minutes, started_at=clock if spoken else None,
                            ended_at=clock + timedelta(minutes=minutes) if spoken else None)
                if spoken:
                    clock += timedelta(minutes=minutes)
                slots.append(slot)
        if supervisor is not None:
            comments.append(SupervisorComment(sitting=sitting, agenda_item=next(
                (i for i in by_meeting.get(m.pk, []) if i.kind == AgendaKind.SUPERVISOR), None),
                author_id=supervisor.user_id, author_label=supervisor.name, text=COMMENT))

    county.bulk(Attendance, attendance)
    county.bulk(CriticAssignment, assignments)
    county.bulk(Slot, slots)
    county.bulk(SupervisorComment, comments)
    criticisms, firsts = [], set()
    for slot in slots:
        if slot.kind == SlotKind.CRITICISM and slot.status == SlotStatus.DONE and (slot.sitting_id, slot.subject_id) not in firsts:
            firsts.add((slot.sitting_id, slot.subject_id))
            criticisms += [Criticism(sitting_id=slot.sitting_id, slot=slot, giver_id=slot.speaker_id,
                                     receiver_id=slot.subject_id, text=text, order=slot.order * 100 + n)
                           for n, text in enumerate(CRITICISMS, start=1)]
    county.bulk(Criticism, criticisms)
