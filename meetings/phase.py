"""What `meetings` itself contributes to the checklist and to each person's work."""

from datetime import timedelta

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from organizations.selectors import org_ids_with_perm, supervised_org_ids

from .models import Meeting, Milestone, MilestoneStatus, Stage
from .progress import ChecklistItem, WorkItem, register_checklist, register_work
from .services import MILESTONE_PARTICIPANT_KINDS

PLAN_APPROVED_STAGES = set(Stage.main_line()[2:]) | {Stage.HALTED}


@register_checklist("会议筹备", order=0)
def meeting_basics(meeting: Meeting):
    aspects = len(meeting.aspects.all())
    milestones = list(meeting.milestones.all())
    scheduled = sum(1 for m in milestones if m.due_date)
    yield ChecklistItem("会议名称与主题", bool(meeting.title and meeting.theme))
    yield ChecklistItem("对照检查方面", aspects > 0, f"{aspects}个方面")
    yield ChecklistItem(
        "时间节点已排定", scheduled == len(milestones), f"{scheduled}/{len(milestones)}"
    )
    yield ChecklistItem(
        "工作方案经上级批准",
        meeting.stage in PLAN_APPROVED_STAGES,
        required_to_convene=True,
    )


def _meeting_url(meeting_id: int) -> str:
    return reverse("meetings:detail", args=[meeting_id])


@register_work
def milestones_due(user):
    """Open milestones within two weeks, or overdue, for the office and the participants."""
    office_orgs = org_ids_with_perm(user, "manage_organization")
    member_orgs = org_ids_with_perm(user, "take_part")
    if not office_orgs and not member_orgs:
        return []
    today = timezone.localdate()
    horizon = today + timedelta(days=14)
    milestones = Milestone.objects.filter(
        done_at__isnull=True,
        due_date__isnull=False,
        due_date__lte=horizon,
        meeting__organization_id__in=office_orgs | member_orgs,
        meeting__stage__in=[s for s in Stage.open_stages() if s != Stage.HALTED],
    ).select_related("meeting")
    items = []
    for m in milestones:
        is_office = m.meeting.organization_id in office_orgs
        if not is_office and m.kind not in MILESTONE_PARTICIPANT_KINDS:
            continue
        items.append(
            WorkItem(
                title=f"{m.get_kind_display()}",
                meeting_title=m.meeting.title,
                url=_meeting_url(m.meeting_id),
                due_date=m.due_date,
                kind="节点",
                overdue=m.status(today) == MilestoneStatus.OVERDUE,
            )
        )
    return items


@register_work
def office_actions(user):
    """Plans returned for revision and halted meetings wait on the office."""
    office_orgs = org_ids_with_perm(user, "manage_organization")
    if not office_orgs:
        return []
    meetings = Meeting.objects.filter(
        organization_id__in=office_orgs, stage__in=[Stage.PREPARING, Stage.HALTED]
    ).prefetch_related(Prefetch("milestones", queryset=Milestone.objects.filter(kind="plan")))
    items = []
    for meeting in meetings:
        plan = next(iter(meeting.milestones.all()), None)
        title = "会议被叫停，重新准备" if meeting.stage == Stage.HALTED else "完善方案并提交报审"
        items.append(
            WorkItem(
                title=title,
                meeting_title=meeting.title,
                url=_meeting_url(meeting.pk),
                due_date=plan.due_date if plan else None,
                kind="办公室",
            )
        )
    return items


@register_work
def supervisor_reviews(user):
    org_ids = supervised_org_ids(user)
    if not org_ids:
        return []
    waiting = Meeting.objects.filter(
        organization_id__in=org_ids, stage__in=[Stage.PLAN_REVIEW, Stage.CONVENE_REQUESTED]
    ).select_related("organization")
    return [
        WorkItem(
            title="审批工作方案" if m.stage == Stage.PLAN_REVIEW else "审核召开申请",
            meeting_title=f"{m.organization.display_name} · {m.title}",
            url=_meeting_url(m.pk),
            kind="审批",
        )
        for m in waiting
    ]
