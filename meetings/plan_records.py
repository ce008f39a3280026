"""What the plan phase hands to the archive: the 工作方案 as approved, every submission and
each upper body's decision on it, and the meeting's stage history (meetings.records)."""

from django.utils import timezone

from organizations.models import SupervisorBody

from .models import Meeting, PlanDecision, PlanSubmission, StageChange, SubmissionStatus
from .records import Decision, PhaseRecords, RecordDocument, actor_name, decisions_from, register_records


def _plan_document(meeting: Meeting, submissions: list[PlanSubmission]) -> RecordDocument | None:
    if not submissions:
        return None
    last = submissions[-1]
    # The plan is edited only in 筹备 and frozen on each submission, so once the last one
    # is approved the plan the `work_plan` kind prints is the approved one.
    if last.status == SubmissionStatus.APPROVED:
        note = f"经上级审批同意的方案（第{last.number}次报审）"
        day = timezone.localdate(last.reviewed_at) if last.reviewed_at else None
    else:
        note = f"最近一次报审（第{last.number}次）{last.get_status_display()}，非审批同意的版本"
        day = timezone.localdate(last.submitted_at)
    return RecordDocument(
        kind="work_plan",
        source=meeting,
        title=last.content.get("title") or f"{meeting.title}工作方案",
        author=meeting.organization.name,
        day=day,
        note=note,
    )


def _submission_decisions(submissions, decisions) -> list[Decision]:
    by_submission: dict[int, list[PlanDecision]] = {}
    for decision in decisions:
        by_submission.setdefault(decision.submission_id, []).append(decision)
    found = []
    for submission in submissions:
        subject = f"工作方案（第{submission.number}次报审）"
        found.append(
            Decision(
                what="报上级审批工作方案",
                who=actor_name(submission.submitted_by),
                at=submission.submitted_at,
                subject=subject,
            )
        )
        for decision in by_submission.get(submission.pk, []):
            verb = "审批同意" if decision.status == SubmissionStatus.APPROVED else "退回修改"
            found.append(
                Decision(
                    what=f"上级{SupervisorBody(decision.body).label}{verb}",
                    who=actor_name(decision.decided_by),
                    at=decision.decided_at,
                    comment=decision.comment,
                    subject=subject,
                )
            )
    return found


def _stage_decisions(changes) -> list[Decision]:
    return decisions_from(
        changes,
        what=lambda change: change.action + ("（补录）" if change.on_paper else ""),
        subject=lambda change: (
            f"会议阶段：{change.get_from_stage_display()}→{change.get_to_stage_display()}"
            if change.from_stage
            else f"会议阶段：{change.get_to_stage_display()}"
        ),
    )


@register_records(10)
def plan_records(meeting: Meeting) -> PhaseRecords:
    """Four queries, however long the history."""
    submissions = list(
        PlanSubmission.objects.filter(plan__meeting=meeting)
        .select_related("submitted_by__person")
        .order_by("number")
    )
    decisions = PlanDecision.objects.filter(submission__plan__meeting=meeting).select_related(
        "decided_by__person"
    )
    changes = StageChange.objects.filter(meeting=meeting).select_related("actor__person").order_by("at", "id")
    document = _plan_document(meeting, submissions)
    return PhaseRecords(
        phase="工作方案",
        folder="plan",
        documents=[document] if document else [],
        decisions=_submission_decisions(submissions, decisions) + _stage_decisions(changes),
    )
