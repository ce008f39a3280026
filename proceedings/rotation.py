"""The rotation of criticism and self-criticism (seeds 000 §四(二)2(3), 001 §四, 002 #3).

The secretary first gives their own self-criticism, then every other member criticises
them; then the next member, and so on, in the order the office sets. For N members the
rotation has N self-criticism slots and N×(N−1) criticism slots. A member absent with
leave stays in it: their written self-criticism is read by a named colleague, the
criticisms of them are still given, and the slots in which they would have criticised
others are marked 请假 — shown, never dropped.

Above nine members (a branch of 30 would have 870 slots) the office assigns each member's
critics instead: at least two each, everyone criticising at least one colleague. The
organisation model has no 党小组, so there is no grouping to run the rotation within.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from meetings.access import ensure_not_archived
from meetings.models import Meeting, Stage, WorkPlan
from meetings.plans import plan_participants_default
from organizations.models import Person, TeamPosition

from .models import (
    AgendaItem,
    AgendaKind,
    Attendance,
    AttendanceStatus,
    CriticAssignment,
    RotationSeat,
    Sitting,
    SittingStatus,
    Slot,
    SlotKind,
    SlotStatus,
)

# Above this many members every member criticising every other is too long a meeting.
FULL_ROTATION_MAX = 9
MIN_CRITICS = 2


class RotationError(Exception):
    """The rotation cannot be set or generated as asked; the message is shown as is."""


@dataclass(frozen=True)
class SpeakingLimits:
    """Seed 000 §四(二)2: "个人发言一般在XX分钟左右，对发言人开展批评一般在XX分钟左右"."""

    speech_minutes: int
    criticism_minutes: int


def speaking_limits(meeting: Meeting) -> SpeakingLimits:
    plan = WorkPlan.objects.filter(meeting=meeting).only("speech_minutes", "criticism_minutes").first()
    if plan is None:
        defaults = {f.name: f.default for f in WorkPlan._meta.fields if f.name in ("speech_minutes", "criticism_minutes")}
        return SpeakingLimits(defaults["speech_minutes"], defaults["criticism_minutes"])
    return SpeakingLimits(plan.speech_minutes, plan.criticism_minutes)


# ---- the rotation as a plain list of turns ------------------------------------------


@dataclass(frozen=True)
class Turn:
    kind: str  # SlotKind.SELF or SlotKind.CRITICISM
    subject: Person
    speaker: Person
    status: str = SlotStatus.PENDING
    read_by: Person | None = None


def rotation_turns(members: list, *, absent: dict | None = None, critics: dict | None = None) -> list[Turn]:
    """The rotation for `members` in order. `absent` maps an absent member's id to the
    colleague who reads their written material (or None); `critics` maps a member's id to
    the ids of their assigned critics (None: every other member criticises)."""
    absent = absent or {}
    turns = []
    for subject in members:
        reader = absent.get(subject.pk)
        if subject.pk in absent:
            turns.append(Turn(SlotKind.SELF, subject, subject,
                              SlotStatus.PENDING if reader else SlotStatus.LEAVE, reader))
        else:
            turns.append(Turn(SlotKind.SELF, subject, subject))
        assigned = None if critics is None else set(critics.get(subject.pk, ()))
        for speaker in members:
            if speaker.pk == subject.pk or (assigned is not None and speaker.pk not in assigned):
                continue
            status = SlotStatus.LEAVE if speaker.pk in absent else SlotStatus.PENDING
            turns.append(Turn(SlotKind.CRITICISM, subject, speaker, status))
    return turns


def assignment_problems(members: list, critics: dict) -> list[str]:
    """What the office's assignment of critics still lacks (empty when it is sound)."""
    problems = []
    giving = {m.pk: 0 for m in members}
    for m in members:
        for giver in critics.get(m.pk, ()):
            if giver in giving:
                giving[giver] += 1
    for m in members:
        count = len([g for g in critics.get(m.pk, ()) if g != m.pk and g in giving])
        if count < MIN_CRITICS:
            problems.append(f"{m.name}的批评人不足{MIN_CRITICS}人（现{count}人）")
    for m in members:
        if giving[m.pk] == 0:
            problems.append(f"{m.name}尚未安排批评任何同志")
    return problems


def needs_assignment(members: list) -> bool:
    return len(members) > FULL_ROTATION_MAX


# ---- who takes part, in which order -------------------------------------------------


def default_members(meeting: Meeting) -> list[Person]:
    """The plan's 出席 (the team; a branch's party members too), the secretary first."""
    plan = WorkPlan.objects.filter(meeting=meeting).first()
    people = list(plan.attendees.in_official_order(meeting.organization)) if plan else []
    if not people:
        people = plan_participants_default(meeting)
    secretaries = set(meeting.organization.team.filter(position=TeamPosition.SECRETARY).values_list("person_id", flat=True))
    first = [p for p in people if p.pk in secretaries]
    return first + [p for p in people if p.pk not in secretaries]


def _is_secretary(meeting: Meeting, person) -> bool:
    return meeting.organization.team.filter(person=person, position=TeamPosition.SECRETARY).exists()


def rotation_members(meeting: Meeting) -> list[Person]:
    """The members of the rotation in the office's order (the default until it sets one)."""
    seats = list(RotationSeat.objects.filter(meeting=meeting).select_related("person").order_by("order", "id"))
    if seats:
        return [s.person for s in seats]
    return default_members(meeting)


@transaction.atomic
def rotation_order_set(*, meeting: Meeting, people: list) -> list[RotationSeat]:
    """The office sets the order of the rotation; the secretary speaks first."""
    ensure_not_archived(meeting, "发言顺序")
    _ensure_rotation_editable(meeting)
    ids = [p.pk for p in people]
    if len(set(ids)) != len(ids):
        raise RotationError("同一成员不能在发言顺序中出现两次。")
    if people and not _is_secretary(meeting, people[0]):
        secretary = next((p for p in people if _is_secretary(meeting, p)), None)
        if secretary:
            raise RotationError(f"应由书记{secretary.name}首先开展自我批评，请将其排在第一位。")
    RotationSeat.objects.filter(meeting=meeting).delete()
    seats = RotationSeat.objects.bulk_create(
        RotationSeat(meeting=meeting, person=p, order=i) for i, p in enumerate(people, start=1)
    )
    sitting_refresh(meeting=meeting)
    return seats


def critics_by_receiver(meeting: Meeting) -> dict[int, list[int]]:
    critics: dict[int, list[int]] = {}
    for giver, receiver in CriticAssignment.objects.filter(meeting=meeting).values_list("giver_id", "receiver_id"):
        critics.setdefault(receiver, []).append(giver)
    return critics


@transaction.atomic
def critics_assign(*, meeting: Meeting, receiver: Person, givers: list) -> None:
    """Set the critics of one member (above nine members)."""
    ensure_not_archived(meeting, "批评人安排")
    _ensure_rotation_editable(meeting)
    if any(g.pk == receiver.pk for g in givers):
        raise RotationError("不能安排成员批评自己。")
    CriticAssignment.objects.filter(meeting=meeting, receiver=receiver).delete()
    CriticAssignment.objects.bulk_create(CriticAssignment(meeting=meeting, giver=g, receiver=receiver) for g in givers)
    members = rotation_members(meeting)
    if not assignment_problems(members, critics_by_receiver(meeting)):
        sitting_refresh(meeting=meeting)


def _ensure_rotation_editable(meeting: Meeting) -> None:
    if Sitting.objects.filter(meeting=meeting, status__in=[SittingStatus.IN_PROGRESS, SittingStatus.HELD]).exists():
        raise RotationError("会议已开始或已召开，发言顺序不能再调整。")


# ---- sittings -----------------------------------------------------------------------


def current_sitting(meeting: Meeting) -> Sitting | None:
    """The sitting being prepared, under way or held; None before the first one is
    prepared and after a 叫停 until the meeting is prepared again."""
    latest = Sitting.objects.filter(meeting=meeting).order_by("-number").first()
    if latest is None or latest.is_halted:
        return None
    return latest


def sittings(meeting: Meeting) -> list[Sitting]:
    return list(Sitting.objects.filter(meeting=meeting).order_by("number"))


@transaction.atomic
def sitting_prepare(*, meeting: Meeting, actor) -> Sitting:
    """The current sitting, or a new one: agenda, attendance and every slot generated.

    A halted sitting stays as it was; the next one gets the next number."""
    from .agenda import agenda_from_plan

    ensure_not_archived(meeting, "会议记录")
    if meeting.stage == Stage.HALTED:
        # 叫停: the meeting is prepared and approved again before a new sitting starts.
        raise RotationError("会议已被叫停：请按督导意见重新准备并再次报请同意召开后，再开始新的会议记录。")
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    existing = current_sitting(meeting)
    if existing:
        return existing
    members = rotation_members(meeting)
    if needs_assignment(members):
        problems = assignment_problems(members, critics_by_receiver(meeting))
        if problems:
            raise RotationError(
                f"参会成员{len(members)}人，超过{FULL_ROTATION_MAX}人，须先安排每位成员的批评人：" + "；".join(problems) + "。"
            )
    agenda_from_plan(meeting=meeting)
    number = (Sitting.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"] or 0) + 1
    plan = WorkPlan.objects.filter(meeting=meeting).first()
    # A meeting already held (history entered afterwards, the paper path) gets its minutes
    # in a sitting that is held from the start.
    held = meeting.stage in (Stage.HELD, Stage.RECTIFYING)
    sitting = Sitting.objects.create(
        meeting=meeting, number=number, created_by=actor,
        status=SittingStatus.HELD if held else SittingStatus.PREPARED,
        place=plan.place if plan else "",
        chair=plan.chair if plan else None,
        recorder=plan.recorder if plan else None,
    )
    _attendance_default(sitting, members, plan)
    slots_generate(sitting=sitting)
    return sitting


def _attendance_default(sitting: Sitting, members: list, plan) -> None:
    rows = [Attendance(sitting=sitting, person=p, status=AttendanceStatus.PRESENT, order=i)
            for i, p in enumerate(members, start=1)]
    order = len(rows)
    if plan:
        for p in plan.non_voting.in_official_order(sitting.meeting.organization):
            if p not in members:
                order += 1
                rows.append(Attendance(sitting=sitting, person=p, status=AttendanceStatus.NON_VOTING, order=order))
        if plan.non_voting_note:
            order += 1
            rows.append(Attendance(sitting=sitting, name=plan.non_voting_note, status=AttendanceStatus.NON_VOTING, order=order))
        if plan.guiding_leaders:
            order += 1
            rows.append(Attendance(sitting=sitting, name=plan.guiding_leaders, status=AttendanceStatus.GUIDING, order=order))
    Attendance.objects.bulk_create(rows)


def absences(sitting: Sitting) -> tuple[dict, dict]:
    """(absent person id → reader, absent person id → reason) from attendance and slots."""
    rows = Attendance.objects.filter(sitting=sitting, status=AttendanceStatus.LEAVE, person__isnull=False)
    reasons = {a.person_id: a.reason for a in rows}
    readers = dict(
        Slot.objects.filter(sitting=sitting, kind=SlotKind.SELF, subject_id__in=reasons)
        .select_related("read_by").values_list("subject_id", "read_by")
    )
    people = {p.pk: p for p in Person.objects.filter(pk__in=[r for r in readers.values() if r])}
    return {pid: people.get(readers.get(pid)) for pid in reasons}, reasons


def sitting_touched(sitting: Sitting) -> bool:
    """Whether anything was spoken or recorded in the sitting (its slots are then fixed)."""
    return (sitting.slots.filter(started_at__isnull=False).exists() or sitting.slots.exclude(notes="").exists()
            or sitting.criticisms.exists())


def sitting_refresh(*, meeting: Meeting) -> None:
    """After the agenda or the rotation changed: the prepared sitting follows (refused,
    RotationError, once something is recorded in it)."""
    sitting = current_sitting(meeting)
    if sitting is not None:
        slots_generate(sitting=sitting)


@transaction.atomic
def slots_generate(*, sitting: Sitting) -> list[Slot]:
    """(Re)build the sitting's slots from the agenda, the rotation and the absences; only
    while nothing has been spoken or recorded in them."""
    if sitting_touched(sitting):
        raise RotationError("本次会议已有发言或记录，议程和发言顺序不能再调整。")
    meeting = sitting.meeting
    members = rotation_members(meeting)
    absent, _reasons = absences(sitting)
    critics = critics_by_receiver(meeting) if needs_assignment(members) else None
    limits = speaking_limits(meeting)
    sitting.slots.all().delete()
    slots = []
    for item in AgendaItem.objects.filter(meeting=meeting).order_by("order", "id"):
        if item.kind == AgendaKind.ROTATION:
            for turn in rotation_turns(members, absent=absent, critics=critics):
                slots.append(Slot(
                    sitting=sitting, agenda_item=item, kind=turn.kind, speaker=turn.speaker, subject=turn.subject,
                    status=turn.status, read_by=turn.read_by,
                    limit_minutes=limits.speech_minutes if turn.kind == SlotKind.SELF else limits.criticism_minutes,
                ))
        else:
            slots.append(Slot(sitting=sitting, agenda_item=item, kind=SlotKind.ITEM, speaker=item.speaker,
                              limit_minutes=item.minutes_limit))
    for order, slot in enumerate(slots, start=1):
        slot.order = order
    return Slot.objects.bulk_create(slots)


def rotation_for(sitting: Sitting) -> list[Slot]:
    """The sitting's rotation slots in order (self-criticisms and criticisms)."""
    return list(
        sitting.slots.filter(kind__in=[SlotKind.SELF, SlotKind.CRITICISM])
        .select_related("speaker", "subject", "read_by", "agenda_item").order_by("order")
    )


def slots_for(sitting: Sitting) -> list[Slot]:
    """Every slot of the sitting in order, agenda items included."""
    return list(sitting.slots.select_related("speaker", "subject", "read_by", "agenda_item__speaker").order_by("order"))


@dataclass(frozen=True)
class Round:
    """One member's round: their self-criticism and the criticisms of them."""

    subject: Person
    slots: list


def rounds(slots: list[Slot]) -> list[Round]:
    result: list[Round] = []
    for slot in slots:
        if slot.kind == SlotKind.ITEM:
            continue
        if not result or result[-1].subject.pk != slot.subject_id:
            result.append(Round(slot.subject, []))
        result[-1].slots.append(slot)
    return result

