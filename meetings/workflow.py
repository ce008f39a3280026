"""The meeting's stages and the one function that moves a meeting between them.

Seeds: the plan goes to the upper 纪委 and 组织部 for approval (000 §四(二)1); the
application to convene goes to the 组织部 (000 §五), which agrees before the meeting is
held; the upper level may postpone a meeting that is not ready (002 #1 §四) and halt one
that is not good enough (叫停), which is then prepared and held again.

Every move checks its conditions here: stage, role, the supervising body where it
matters, note and date, then every blocker registered for it (meetings.progress). Only
history entered afterwards (`check_readiness=False`, the phases done on paper) skips the
blockers, and its record says 补录.
"""

from dataclasses import KW_ONLY, dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from organizations.models import SupervisorBody
from organizations.selectors import supervising_bodies

from .access import MeetingAccess, Role
from .dates import report_due_is_automatic, situation_report_due
from .models import Meeting, MilestoneKind, Stage, StageChange
from .progress import move_blockers


class TransitionError(Exception):
    """A move that is not allowed; the message is shown to the person as is."""


@dataclass(frozen=True)
class Transition:
    """One allowed move of a state machine: from which states, to which, by which roles.

    Shared by every workflow in the project (meetings, talks, materials); a phase that
    needs more subclasses it.
    """

    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    _: KW_ONLY
    needs_note: bool = False
    needs_date: bool = False
    style: str = "primary"
    help_text: str = ""
    # Which supervising bodies make this move, where such a body exists above the
    # organisation (where none does, any supervisor makes it).
    bodies: tuple[str, ...] = ()


# Seed 000 §四(二)1: "报XX纪委和XX组织部审批".
PLAN_BODIES = (SupervisorBody.DISCIPLINE, SupervisorBody.ORGANIZATION_DEPARTMENT)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "submit_plan",
            "提交方案报审",
            (Stage.PREPARING,),
            Stage.PLAN_REVIEW,
            (Role.OFFICE,),
            help_text="将工作方案报上级纪委、组织部审批。",
        ),
        Transition(
            "approve_plan",
            "批准方案",
            (Stage.PLAN_REVIEW,),
            Stage.PRE_MEETING,
            (Role.SUPERVISOR,),
            help_text="上级纪委、组织部分别审批；均同意后方案获批，进入会前准备。",
            bodies=PLAN_BODIES,
        ),
        Transition(
            "return_plan",
            "退回修改",
            (Stage.PLAN_REVIEW,),
            Stage.PREPARING,
            (Role.SUPERVISOR,),
            needs_note=True,
            style="secondary",
            help_text="写明退回意见，办公室修改后重新报审。",
            bodies=PLAN_BODIES,
        ),
        Transition(
            "revise_plan",
            "调整方案",
            (Stage.PRE_MEETING,),
            Stage.PREPARING,
            (Role.OFFICE,),
            needs_note=True,
            style="secondary",
            help_text="方案获批后如需调整，须说明原因；修改后重新报上级审批。",
        ),
        Transition(
            "request_convening",
            "报请召开",
            (Stage.PRE_MEETING,),
            Stage.CONVENE_REQUESTED,
            (Role.OFFICE,),
            help_text="学习、征求意见、谈心谈话、材料均已完成，向上级报告准备情况、申请召开。",
        ),
        Transition(
            "approve_convening",
            "同意召开",
            (Stage.CONVENE_REQUESTED,),
            Stage.CONVENE_APPROVED,
            (Role.SUPERVISOR,),
            help_text="上级组织部审核准备情况和召开申请，同意按期召开。",
            bodies=(SupervisorBody.ORGANIZATION_DEPARTMENT,),
        ),
        Transition(
            "postpone",
            "暂缓召开",
            (Stage.CONVENE_REQUESTED, Stage.CONVENE_APPROVED),
            Stage.PRE_MEETING,
            (Role.SUPERVISOR,),
            needs_note=True,
            style="secondary",
            help_text="准备不充分，要求推迟召开并继续准备。",
        ),
        Transition(
            "record_held",
            "会议已召开",
            (Stage.CONVENE_APPROVED,),
            Stage.HELD,
            (Role.OFFICE,),
            needs_date=True,
            help_text="记录召开日期；召开情况报告须在会后15日内报送。",
        ),
        Transition(
            "halt",
            "叫停",
            (Stage.CONVENE_REQUESTED, Stage.CONVENE_APPROVED, Stage.HELD),
            Stage.HALTED,
            (Role.SUPERVISOR,),
            needs_note=True,
            style="danger",
            help_text="会议质量达不到要求，叫停并督促重新召开。",
        ),
        Transition(
            "restart_preparation",
            "重新准备",
            (Stage.HALTED,),
            Stage.PRE_MEETING,
            (Role.OFFICE,),
            help_text="按督导意见重新准备，再次报请召开。被叫停的会议不算召开：“召开情况报告”的截止日期随之清空，重新召开后按会后15日重新计算。",
        ),
        Transition(
            "start_rectification",
            "进入整改落实",
            (Stage.HELD,),
            Stage.RECTIFYING,
            (Role.OFFICE,),
        ),
        Transition(
            "archive",
            "归档",
            (Stage.RECTIFYING,),
            Stage.ARCHIVED,
            (Role.OFFICE,),
            help_text="召开情况报告已报送、整改落实已完成，全部材料归档。",
        ),
    ]
}


_hooks: dict[str, list] = {}


def on_transition(name: str):
    """Run `func(meeting=, actor=, note=, at=)` inside the transaction of every such move.

    How a phase reacts to a stage move (the plan freezes a version on submit_plan)
    without the workflow knowing the phase.
    """

    def decorator(func):
        _hooks.setdefault(name, []).append(func)
        return func

    return decorator


def acting_bodies(transition: Transition, meeting: Meeting) -> list[str]:
    """The bodies that make this move for this meeting: those of `transition.bodies` that
    have officials above the organisation; empty when any supervisor makes it."""
    if not transition.bodies:
        return []
    present = supervising_bodies(meeting.organization)
    return [b for b in transition.bodies if b in present]


def transition_refusal(
    meeting: Meeting,
    transition: Transition,
    access: MeetingAccess,
    *,
    note: str = "",
    on_date: date | None = None,
) -> str:
    """Why this person cannot make this move now, before any phase is asked; "" if they can."""
    if meeting.stage not in transition.sources:
        return f"会议当前处于“{meeting.get_stage_display()}”阶段，不能“{transition.label}”。"
    if not access.roles.intersection(transition.roles):
        allowed = "、".join(Role.LABELS[r] for r in transition.roles)
        return f"只有{allowed}可以“{transition.label}”。"
    if not body_may(transition, meeting, access):
        allowed = "、".join(
            SupervisorBody(b).label for b in acting_bodies(transition, meeting) or transition.bodies
        )
        return f"只有上级{allowed}可以“{transition.label}”。"
    if transition.needs_note and not (note or "").strip():
        return f"“{transition.label}”须填写说明。"
    if transition.needs_date and on_date is None:
        return "请填写会议召开日期。"
    return ""


def available_transitions(meeting: Meeting, access: MeetingAccess) -> list[Transition]:
    """The moves this person could make now, for showing buttons."""
    possible = [t for t in TRANSITIONS.values() if meeting.stage in t.sources and access.roles.intersection(t.roles)]
    return [t for t in possible if body_may(t, meeting, access)]


def body_may(transition: Transition, meeting: Meeting, access: MeetingAccess) -> bool:
    """Whether this person's body makes this move (the 组织部 agrees to convene).

    A 督导组 guides, postpones and halts (002 #1 §四) but never decides for the 纪委 or
    the 组织部: a person who supervises only as a 督导组 makes no move that names bodies,
    even where no such body has officials above the organisation.
    """
    if transition.bodies and access.bodies and access.bodies <= {SupervisorBody.SUPERVISION_GROUP}:
        return bool(access.bodies.intersection(transition.bodies))
    bodies = acting_bodies(transition, meeting)
    return not bodies or bool(access.bodies.intersection(bodies))


@transaction.atomic
def meeting_transition(
    *,
    meeting: Meeting,
    name: str,
    actor,
    access: MeetingAccess,
    note: str = "",
    on_date: date | None = None,
    check_readiness: bool = True,
) -> StageChange:
    """Move the meeting by the named transition, or raise TransitionError saying why not.

    `check_readiness=False` is for recording a meeting held before it was in the system
    (its phases were done on paper): the registered blockers are not asked and the
    StageChange is marked 补录; stage, role, body, note and date rules still apply.
    """
    from . import services

    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError("未知的操作。")
    # Re-read under a row lock: two people pressing buttons at once must not both win.
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refusal = transition_refusal(locked, transition, access, note=note, on_date=on_date)
    if refusal:
        raise TransitionError(refusal)
    note = (note or "").strip()
    blockers = move_blockers(locked, name) if check_readiness else []
    if blockers:
        raise TransitionError("；".join(blockers))

    source = locked.stage
    locked.stage = transition.target
    update_fields = ["stage", "updated_at"]
    if transition.needs_date:
        locked.held_on = on_date
        update_fields.append("held_on")
    if transition.name == "restart_preparation":
        locked.held_on = None  # the halted session does not count; it is held anew
        update_fields.append("held_on")
    if transition.name == "approve_convening":
        # The 组织部 fixes the day it agrees to (the agreed date, meetings.dates).
        locked.agreed_on = on_date
        update_fields.append("agreed_on")
    if transition.name in ("postpone", "restart_preparation"):
        locked.agreed_on = None  # no agreed day stands until the 组织部 agrees again
        update_fields.append("agreed_on")
    locked.save(update_fields=update_fields)

    now = timezone.now()
    change = StageChange.objects.create(
        meeting=locked,
        from_stage=source,
        to_stage=transition.target,
        action=transition.label,
        actor=actor,
        note=note,
        at=now,
        on_paper=not check_readiness,
    )
    _complete_milestones_for(locked, transition, actor, now)
    for hook in _hooks.get(name, []):
        hook(meeting=locked, actor=actor, note=note, at=now)
    meeting.stage, meeting.held_on, meeting.agreed_on = locked.stage, locked.held_on, locked.agreed_on
    transaction.on_commit(lambda: services.stage_change_notify(change_id=change.pk))
    return change


def _complete_milestones_for(meeting: Meeting, transition: Transition, actor, now) -> None:
    """Milestones that a stage move completes by itself."""
    done = {
        "submit_plan": [MilestoneKind.PLAN],
        "record_held": [MilestoneKind.MEETING],
        # not "archive": it requires the rectification milestone done (services), it
        # cannot be what completes it
    }.get(transition.name, [])
    if done:
        meeting.milestones.filter(kind__in=done, done_at__isnull=True).update(
            done_at=now, done_by=actor
        )
    if transition.name == "record_held":
        # Seed 000 §四(三)4, 002 #4: the situation report is due within 15 days — unless
        # the office typed a date of its own, which is kept (the transition page says so).
        due = dict(meeting.milestones.values_list("kind", "due_date"))
        if report_due_is_automatic(due.get(MilestoneKind.REPORT), due.get(MilestoneKind.MEETING)):
            meeting.milestones.filter(kind=MilestoneKind.REPORT).update(
                due_date=situation_report_due(meeting.held_on)
            )
    if transition.name == "return_plan":
        meeting.milestones.filter(kind=MilestoneKind.PLAN).update(done_at=None, done_by=None)
    if transition.name == "restart_preparation":
        # A halted meeting is held again: until then it is not held, and the report on
        # the halted one is not due (otherwise its reminders fire while preparing anew).
        meeting.milestones.filter(kind=MilestoneKind.MEETING).update(done_at=None, done_by=None)
        meeting.milestones.filter(kind=MilestoneKind.REPORT).update(due_date=None)
