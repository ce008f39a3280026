"""The plan under review: frozen on submission, decided by each upper body.

Seed 000 §四(二)1: the plan is sent "报XX纪委和XX组织部审批" — both decide, each with its own
comment; a return by either sends it back to the office.
"""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.services import notify
from organizations.models import SupervisorBody
from organizations.selectors import office_users, supervising_bodies

from .models import Meeting, PlanDecision, PlanSubmission, SubmissionStatus
from .plans import plan_content, plan_create_default
from .progress import register_blocker
from .workflow import (
    TRANSITIONS,
    TransitionError,
    acting_bodies,
    meeting_transition,
    on_transition,
    transition_refusal,
)


@on_transition("submit_plan")
def _freeze_on_submit(*, meeting: Meeting, actor, note: str, at) -> None:
    plan = plan_create_default(meeting=meeting)
    number = (plan.submissions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    PlanSubmission.objects.create(
        plan=plan, number=number, content=plan_content(plan), submitted_by=actor, submitted_at=at
    )


def _decide(meeting: Meeting, status: str, actor, note: str, at) -> None:
    PlanSubmission.objects.filter(plan__meeting=meeting, status=SubmissionStatus.PENDING).update(
        status=status, reviewed_by=actor, reviewed_at=at, comment=note
    )


@on_transition("approve_plan")
def _record_approval(*, meeting, actor, note, at) -> None:
    _decide(meeting, SubmissionStatus.APPROVED, actor, note, at)


@on_transition("return_plan")
def _record_return(*, meeting, actor, note, at) -> None:
    _decide(meeting, SubmissionStatus.RETURNED, actor, note, at)


# The moves each approving body makes on its own: the view records the body's decision.
BODY_DECISIONS = {"approve_plan", "return_plan"}


def plan_approving_bodies(meeting: Meeting) -> list[str]:
    """Who approves this meeting's plan. Seed 000 §四(二)1: "报XX纪委和XX组织部审批".

    Both, where both have officials above the organisation; where only one does, that
    one; where neither does, whichever body supervises it.
    """
    bodies = acting_bodies(TRANSITIONS["approve_plan"], meeting)
    return bodies or sorted(supervising_bodies(meeting.organization))


def pending_submission(meeting: Meeting) -> PlanSubmission | None:
    return PlanSubmission.objects.filter(plan__meeting=meeting, status=SubmissionStatus.PENDING).last()


@dataclass(frozen=True)
class BodyDecision:
    """One approving body's line on the review page: its decision, or 待审批."""

    body: str
    decision: PlanDecision | None

    @property
    def label(self) -> str:
        return SupervisorBody(self.body).label


def plan_decisions(meeting: Meeting, submission: PlanSubmission) -> list[BodyDecision]:
    """Each approving body with its decision on this submission (bodies that decided
    though no longer required are kept: their word stays in the record)."""
    decisions = {d.body: d for d in submission.decisions.select_related("decided_by__person")}
    bodies = plan_approving_bodies(meeting)
    bodies += [b for b in decisions if b not in bodies]
    return [BodyDecision(b, decisions.get(b)) for b in bodies]


def bodies_yet_to_approve(meeting: Meeting) -> list[str]:
    """The names of the approving bodies that have not approved the plan under review."""
    submission = pending_submission(meeting)
    approved = set()
    if submission is not None:
        approved = set(
            submission.decisions.filter(status=SubmissionStatus.APPROVED).values_list("body", flat=True)
        )
    return [SupervisorBody(b).label for b in plan_approving_bodies(meeting) if b not in approved]


@register_blocker("approve_plan")
def _every_body_approved(meeting: Meeting):
    if pending_submission(meeting) is None:
        yield "没有待审批的方案"
        return
    for label in bodies_yet_to_approve(meeting):
        yield f"尚待上级{label}审批同意"


@transaction.atomic
def plan_decide(*, meeting: Meeting, access, actor, approve: bool, comment: str = ""):
    """One body's decision on the plan under review: approve, or return with a comment.

    A return by either body returns the plan at once; the plan is approved (and the
    meeting moves to 会前准备) only when every approving body has approved. Returns the
    StageChange when the meeting moved, else None.
    """
    name = "approve_plan" if approve else "return_plan"
    transition = TRANSITIONS[name]
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refusal = transition_refusal(locked, transition, access, note=comment)
    if refusal:
        raise TransitionError(refusal)
    bodies = plan_approving_bodies(locked)
    body = next((b for b in bodies if b in access.bodies), None)
    if body is None:
        raise TransitionError(
            "工作方案由上级" + "、".join(SupervisorBody(b).label for b in bodies) + "审批。"
        )
    submission = pending_submission(locked)
    if submission is None:
        raise TransitionError("没有待审批的方案。")
    comment = (comment or "").strip()
    PlanDecision.objects.update_or_create(
        submission=submission,
        body=body,
        defaults={
            "status": SubmissionStatus.APPROVED if approve else SubmissionStatus.RETURNED,
            "comment": comment,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    label = SupervisorBody(body).label
    if not approve:
        return meeting_transition(
            meeting=meeting, name=name, actor=actor, access=access, note=f"{label}：{comment}"
        )
    waiting = bodies_yet_to_approve(locked)
    if waiting:
        # Not a stage move: the office hears of it, the meeting stays under review.
        notify(
            recipients=office_users(locked.organization),
            title=f"{label}已同意工作方案：{locked.title}",
            body=f"尚待上级{'、'.join(waiting)}审批。",
            url=reverse("meetings:plan", args=[locked.pk]),
        )
        return None
    note = "；".join(
        f"{line.label}：{line.decision.comment}" for line in plan_decisions(locked, submission)
        if line.decision and line.decision.comment
    )
    return meeting_transition(meeting=meeting, name=name, actor=actor, access=access, note=note)
