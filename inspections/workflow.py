"""The states of a material and the one function that moves it between them.

Seeds 001 §三(四), 003 §四, 004: the author writes and submits; the secretary reviews each
outline (审阅把关) and returns it for revision or passes it on; the upper 组织部 reviews
(审定) and approves or returns it. The team material follows the same road: drafted under
the secretary, approved by the secretary, reviewed by the upper level. The secretary's own
outline goes straight to the upper level: nobody reviews their own text.

Every submission freezes the material as a version; hints never block a submission.
"""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from feedback.models import OpinionRouting, ResponseStatus
from meetings.models import MilestoneKind
from meetings.workflow import Transition as BaseTransition
from notifications.services import notify
from organizations.models import TeamMembership, TeamPosition
from organizations.selectors import office_users, supervisor_users

from .access import OPEN_STAGES, MaterialAccess, MaterialRole
from .carryover import material_submitted
from .content import content_chars, is_empty, material_content
from .models import (
    Material,
    MaterialEvent,
    MaterialKind,
    MaterialState,
    MaterialVersion,
    VersionOutcome,
)

S = MaterialState


class TransitionError(Exception):
    """A move that is not allowed; the message is shown to the person as is."""


@dataclass(frozen=True)
class Transition(BaseTransition):
    outcome: str = ""  # what becomes of the version under review


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "submit", "提交书记审阅", (S.DRAFT, S.RETURNED), S.SUBMITTED, (MaterialRole.AUTHOR, MaterialRole.DRAFTER),
            help_text="提交后内容即定为一个版本，由书记审阅把关；书记审阅前可以撤回。",
        ),
        Transition(
            "submit_upper", "报上级审核", (S.DRAFT, S.RETURNED), S.UPPER_REVIEW, (MaterialRole.AUTHOR,),
            help_text="书记本人的发言提纲直接报上级组织审核。",
        ),
        Transition(
            "withdraw", "撤回", (S.SUBMITTED,), S.DRAFT, (MaterialRole.AUTHOR, MaterialRole.DRAFTER),
            outcome=VersionOutcome.WITHDRAWN, style="secondary", help_text="撤回后可以继续修改，再重新提交。",
        ),
        Transition(
            "return", "退回修改", (S.SUBMITTED,), S.RETURNED, (MaterialRole.REVIEWER,),
            outcome=VersionOutcome.RETURNED, needs_note=True, style="secondary",
            help_text="写明修改意见；可先在各部分添加具体意见。",
        ),
        Transition(
            "pass_on", "审阅通过，报上级审核", (S.SUBMITTED,), S.UPPER_REVIEW, (MaterialRole.REVIEWER,),
            outcome=VersionOutcome.PASSED_ON, help_text="审阅把关通过，报上级组织审核。",
        ),
        Transition(
            "approve", "审核通过", (S.UPPER_REVIEW,), S.APPROVED, (MaterialRole.SUPERVISOR,),
            outcome=VersionOutcome.APPROVED, help_text="材料审核通过后，会议方可召开。",
        ),
        Transition(
            "upper_return", "退回修改", (S.UPPER_REVIEW,), S.RETURNED, (MaterialRole.SUPERVISOR,),
            outcome=VersionOutcome.UPPER_RETURNED, needs_note=True, style="secondary",
            help_text="写明修改意见；修改后须再经书记审阅，重新报审。",
        ),
        Transition(
            "reopen", "重新修改", (S.APPROVED,), S.RETURNED, (MaterialRole.REVIEWER, MaterialRole.SUPERVISOR),
            outcome=VersionOutcome.REOPENED, needs_note=True, style="secondary",
            help_text="已通过的材料须重新修改时使用（如会议被叫停），须说明原因。",
        ),
    ]
}


def is_secretarys_outline(material: Material) -> bool:
    return material.kind == MaterialKind.PERSONAL and TeamMembership.objects.filter(
        organization_id=material.meeting.organization_id, person_id=material.author_id,
        position=TeamPosition.SECRETARY,
    ).exists()


def _applies(transition: Transition, material: Material, own_secretary_outline: bool) -> bool:
    if transition.name == "submit":
        return not own_secretary_outline
    if transition.name == "submit_upper":
        return own_secretary_outline
    return True


def available_transitions(material: Material, access: MaterialAccess) -> list[Transition]:
    if material.meeting.stage not in OPEN_STAGES:
        return []
    own = is_secretarys_outline(material)
    return [
        t for t in TRANSITIONS.values()
        if material.state in t.sources and access.roles.intersection(t.roles) and _applies(t, material, own)
    ]


@transaction.atomic
def material_transition(*, material: Material, name: str, actor, access: MaterialAccess, note: str = "") -> MaterialEvent:
    """Move the material by the named transition, or raise TransitionError saying why not."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError("未知的操作。")
    locked = Material.objects.select_for_update(of=("self",)).select_related("meeting__organization", "author").get(pk=material.pk)
    if locked.meeting.stage not in OPEN_STAGES:
        raise TransitionError(f"会议处于“{locked.meeting.get_stage_display()}”阶段，材料不能再流转。")
    if locked.state not in transition.sources:
        raise TransitionError(f"材料当前{locked.get_state_display()}，不能“{transition.label}”。")
    if not access.roles.intersection(transition.roles):
        raise TransitionError(f"您不能“{transition.label}”这份材料。")
    if not _applies(transition, locked, is_secretarys_outline(locked)):
        raise TransitionError("书记本人的发言提纲直接报上级审核。" if name == "submit" else "只有书记本人的发言提纲直接报上级。")
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise TransitionError(f"“{transition.label}”须填写意见。")

    now = timezone.now()
    source = locked.state
    version = _latest(locked)
    if name in ("submit", "submit_upper"):
        version = _freeze(locked, actor=actor, note=note, at=now, passed_on=name == "submit_upper")
        _record_answers(locked, actor=actor, at=now)
    elif transition.outcome and version is not None:
        version.outcome = transition.outcome
        fields = ["outcome"]
        if name == "pass_on":
            version.passed_on_at = now
            fields.append("passed_on_at")
        version.save(update_fields=fields)

    locked.state = transition.target
    fields = ["state"]
    if name in ("submit", "submit_upper") and locked.first_submitted_at is None:
        locked.first_submitted_at = now
        fields.append("first_submitted_at")
    if transition.target == S.UPPER_REVIEW and locked.passed_on_at is None:
        locked.passed_on_at = now
        fields.append("passed_on_at")
    if name == "approve":
        locked.approved_at = now
        fields.append("approved_at")
    if name == "reopen":
        locked.approved_at = None
        fields.append("approved_at")
    locked.save(update_fields=fields)
    _sync_milestone(locked, name, actor, now)

    event = MaterialEvent.objects.create(
        material=locked, version=version, transition=transition.name, action=transition.label, from_state=source,
        to_state=transition.target, actor=actor, note=note, at=now,
    )
    for attr in ("state", "first_submitted_at", "passed_on_at", "approved_at"):
        setattr(material, attr, getattr(locked, attr))
    transaction.on_commit(lambda: material_event_notify(event_id=event.pk))
    if name in ("submit", "submit_upper"):
        # Robust: the submission stands even if a later phase's check fails (it is logged).
        transaction.on_commit(lambda: material_submitted(material=locked, actor=actor), robust=True)
    return event


def _sync_milestone(material: Material, name: str, actor, now) -> None:
    """The materials milestone is done once the team material and every outline passed the
    upper level's review (seed 002 #4 (3)); reopening one undoes it."""
    from .selectors import meeting_board

    milestones = material.meeting.milestones.filter(kind=MilestoneKind.MATERIALS)
    if name == "approve" and meeting_board(material.meeting).all_approved:
        milestones.filter(done_at__isnull=True).update(done_at=now, done_by=actor)
    elif name == "reopen":
        milestones.update(done_at=None, done_by=None)


def _latest(material: Material) -> MaterialVersion | None:
    return material.versions.order_by("-number").first()


def _freeze(material: Material, *, actor, note: str, at, passed_on: bool) -> MaterialVersion:
    from .hints import hints_summary

    content = material_content(material)
    if is_empty(content):
        raise TransitionError("材料还没有内容，不能提交。")
    previous = _latest(material)
    return MaterialVersion.objects.create(
        material=material,
        number=(previous.number if previous else 0) + 1,
        content=content,
        hints=hints_summary(material, content, user=actor),
        chars=content_chars(content),
        note=note,
        submitted_by=actor,
        submitted_at=at,
        passed_on_at=at if passed_on else None,
        outcome=VersionOutcome.PASSED_ON if passed_on else VersionOutcome.PENDING,
    )


def _record_answers(material: Material, *, actor, at) -> None:
    """The submitted answers become the responses on the routed opinions (feedback phase),
    so the office sees which opinions have been answered; a cleared answer reopens one."""
    from .content import routed_opinions

    answers = {a.routing_id: a for a in material.answers.select_related("problem")}
    for routing in routed_opinions(material):
        answer = answers.get(routing.pk)
        if answer is not None and answer.is_answered:
            parts = []
            if answer.problem_id:
                parts.append(f"已在{material.get_kind_display()}“{answer.problem.title or '（未命名问题）'}”问题中查摆。")
            if answer.text.strip():
                parts.append(answer.text.strip())
            values = {"response_status": ResponseStatus.ANSWERED, "response": "\n".join(parts),
                      "responded_at": at, "responded_by": actor}
        else:
            values = {"response_status": ResponseStatus.PENDING, "response": "", "responded_at": None,
                      "responded_by": None}
        OpinionRouting.objects.filter(pk=routing.pk).update(**values)


# --- who hears about a move -----------------------------------------------------------------


def secretary_users(meeting) -> list:
    return [
        seat.person.user for seat in TeamMembership.objects.filter(
            organization_id=meeting.organization_id, position=TeamPosition.SECRETARY
        ).select_related("person__user") if seat.person.user
    ]


def _writer_users(material: Material) -> list:
    if not material.is_team:
        return [material.author.user] if material.author.user else []
    drafter = [material.drafter.user] if material.drafter and material.drafter.user else []
    return drafter + list(office_users(material.meeting.organization))


AUDIENCE = {
    # transition -> who hears of it
    "submit": ("secretary",),
    "submit_upper": ("supervisors", "office"),
    "withdraw": ("secretary",),
    "return": ("writers",),
    "pass_on": ("writers", "supervisors"),
    "approve": ("writers", "secretary", "office"),
    "upper_return": ("writers", "secretary"),
    "reopen": ("writers", "secretary"),
}


def material_event_notify(*, event_id: int) -> None:
    event = MaterialEvent.objects.select_related(
        "material__meeting__organization", "material__author__user", "material__drafter__user"
    ).get(pk=event_id)
    material = event.material
    name = event.transition
    audiences = {
        "secretary": lambda: secretary_users(material.meeting),
        "writers": lambda: _writer_users(material),
        "office": lambda: list(office_users(material.meeting.organization)),
        "supervisors": lambda: list(supervisor_users(material.meeting.organization)),
    }
    recipients = [u for a in AUDIENCE.get(name, ()) for u in audiences[a]() if u.pk != event.actor_id]
    body = f"{material.title}：{event.get_from_state_display()} → {event.get_to_state_display()}。"
    if event.note:
        body += f"\n意见：{event.note}"
    title = f"{event.action}：{material.title}"
    page = reverse("inspections:material", args=[material.pk])
    if event.to_state == S.RETURNED:
        # The writers revise in the editor, where the note and the comments now stand.
        writers = {u.pk for u in audiences["writers"]()}
        notify(recipients=[u for u in recipients if u.pk in writers], title=title, body=body,
               url=reverse("inspections:edit", args=[material.pk]))
        recipients = [u for u in recipients if u.pk not in writers]
    notify(recipients=recipients, title=title, body=body, url=page)

