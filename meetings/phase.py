"""What `meetings` itself contributes to the checklist and to each person's work."""

from datetime import timedelta

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from notifications.schedule import reminder_due, reminder_horizon, reminder_send
from organizations.dateorder import day_text
from organizations.models import StaffKind, StaffRole
from organizations.paging import url_maker
from organizations.selectors import group_org_ids, office_users, org_ids_with_perm, supervised_orgs

from .models import (
    Meeting,
    Milestone,
    MilestoneStatus,
    PlanDecision,
    PlanDuty,
    Stage,
    SubmissionStatus,
    WorkPlan,
)
from .progress import (
    OFFICE,
    OVERSEER,
    PARTICIPANT,
    SUPERVISOR,
    ChecklistItem,
    WorkItem,
    register_checklist,
    register_reminders,
    move_page,
    register_work,
    waiting_since,
)
from .services import MILESTONE_PARTICIPANT_KINDS

PLAN_APPROVED_STAGES = set(Stage.main_line()[2:]) | {Stage.HALTED}


@register_checklist("会议筹备", order=0, key="basics", waivable=False)
def meeting_basics(meeting: Meeting):
    aspects = len(meeting.aspects.all())
    milestones = list(meeting.milestones.all())
    scheduled = sum(1 for m in milestones if m.due_date)
    yield ChecklistItem("会议名称与主题", bool(meeting.title and meeting.theme))
    yield ChecklistItem("对照检查方面", aspects > 0, f"{aspects}个方面")
    yield ChecklistItem(
        "时间节点已排定",
        bool(milestones) and scheduled == len(milestones),
        f"{scheduled}/{len(milestones)}",
    )


def _plan_url(meeting) -> str:
    return reverse("meetings:plan", args=[meeting.pk])


@register_checklist("工作方案", order=10, link=_plan_url, key="plan", waivable=False)
def plan_progress(meeting: Meeting):
    try:
        plan = meeting.plan  # prefetched with its duties by the meeting's home
    except WorkPlan.DoesNotExist:
        plan = None
    duties = list(plan.duties.all()) if plan else []
    drafted = bool(plan and plan.starts_at and plan.place and meeting.theme)
    yield ChecklistItem("方案已起草", drafted, "" if drafted else "会议时间、地点、主题待填", _plan_url(meeting))
    yield ChecklistItem(
        "已报上级审批",
        meeting.stage not in (Stage.PREPARING,) or plan is not None and plan.submissions.exists(),
    )
    yield ChecklistItem(
        "工作方案经上级批准",
        meeting.stage in PLAN_APPROVED_STAGES,
        required_to_convene=True,
    )
    if duties:
        done = sum(1 for d in duties if d.done_at)
        yield ChecklistItem("职责分工落实", done == len(duties), f"{done}/{len(duties)}")




@register_work(roles=(OFFICE, PARTICIPANT))
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
    items, detail = [], url_maker("meetings:detail")
    for m in milestones:
        is_office = m.meeting.organization_id in office_orgs
        if not is_office and m.kind not in MILESTONE_PARTICIPANT_KINDS:
            continue
        items.append(
            WorkItem(
                title=f"{m.get_kind_display()}",
                meeting_title=m.meeting.title,
                url=detail(m.meeting_id),
                due_date=m.due_date,
                kind="节点",
                overdue=m.status(today) == MilestoneStatus.OVERDUE,
            )
        )
    return items


@register_work(roles=(OFFICE,))
def office_actions(user):
    """Plans returned for revision and halted meetings wait on the office."""
    office_orgs = org_ids_with_perm(user, "manage_organization")
    if not office_orgs:
        return []
    meetings = Meeting.objects.filter(
        organization_id__in=office_orgs, stage__in=[Stage.PREPARING, Stage.HALTED]
    ).prefetch_related(Prefetch("milestones", queryset=Milestone.objects.filter(kind="plan")))
    items, detail = [], url_maker("meetings:detail")
    for meeting in meetings:
        plan = next(iter(meeting.milestones.all()), None)
        title = "会议被叫停，重新准备" if meeting.stage == Stage.HALTED else "完善方案并提交报审"
        items.append(
            WorkItem(
                title=title,
                meeting_title=meeting.title,
                url=detail(meeting.pk),
                due_date=plan.due_date if plan else None,
                kind="办公室",
            )
        )
    return items


@register_work(roles=(SUPERVISOR,))
def supervisor_reviews(user):
    if not org_ids_with_perm(user, "supervise_organization"):
        return []
    # A body that has decided on the plan under review waits for the other, not on itself.
    decided = PlanDecision.objects.filter(
        submission__status=SubmissionStatus.PENDING,
        body__in=StaffRole.objects.filter(person__user=user, kind=StaffKind.SUPERVISOR).values("body"),
    ).values("submission__plan__meeting_id")
    waiting = (
        Meeting.objects.filter(
            organization_id__in=supervised_orgs(user), stage__in=[Stage.PLAN_REVIEW, Stage.CONVENE_REQUESTED]
        )
        .exclude(pk__in=decided)
        .select_related("organization")
        .annotate(since=waiting_since())
    )
    detail = url_maker("meetings:detail")
    return [
        WorkItem(
            title="审批工作方案" if m.stage == Stage.PLAN_REVIEW else "审核召开申请",
            meeting_title=f"{m.organization.display_name} · {m.title}",
            url=detail(m.pk) if m.stage == Stage.PLAN_REVIEW else move_page(m, "approve_convening"),
            kind="审批",
            organization=m.organization.display_name,
            since=timezone.localdate(m.since) if m.since else None,
        )
        for m in waiting
    ]


@register_work(roles=(OVERSEER,))
def group_reviews(user):
    """A 督导组 member hears how the assigned organisations' meetings are prepared and
    has one postponed that is not ready (002 #1 §四: "对没有做好相关准备的，要求其推迟
    召开"): each application to convene waits on them until it is agreed or postponed.
    The approvals stay with the 纪委 and 组织部 (supervisor_reviews)."""
    assigned = group_org_ids(user)
    if not assigned:
        return []
    waiting = (
        Meeting.objects.filter(organization_id__in=assigned, stage=Stage.CONVENE_REQUESTED)
        .exclude(organization_id__in=supervised_orgs(user))
        .select_related("organization")
        .annotate(since=waiting_since())
    )
    detail = url_maker("meetings:detail")
    return [
        WorkItem(
            title="督导：审核召开准备情况",
            meeting_title=f"{m.organization.display_name} · {m.title}",
            url=detail(m.pk),
            kind="督导",
            organization=m.organization.display_name,
            since=timezone.localdate(m.since) if m.since else None,
        )
        for m in waiting
    ]


def _open_duties():
    return PlanDuty.objects.filter(
        done_at__isnull=True,
        deadline__isnull=False,
        plan__meeting__stage__in=[s for s in Stage.open_stages() if s != Stage.HALTED],
    ).select_related("plan__meeting__organization", "department__head__user", "person__user")


def _duty_owners(duty: PlanDuty) -> list:
    """The responsible person, else the head of the responsible department."""
    owners = []
    if duty.person and duty.person.user:
        owners.append(duty.person.user)
    elif duty.department and duty.department.head and duty.department.head.user:
        owners.append(duty.department.head.user)
    return owners


@register_work
def duties_due(user):
    """Plan duties (职责分工) this person is responsible for."""
    if not user.is_authenticated:
        return []
    horizon = timezone.localdate() + timedelta(days=14)
    duties = _open_duties().filter(deadline__lte=horizon).filter(
        models.Q(person__user=user) | models.Q(person__isnull=True, department__head__user=user)
    )
    today = timezone.localdate()
    return [
        WorkItem(
            title=f"职责分工：{d.task[:30]}",
            meeting_title=d.plan.meeting.title,
            url=_plan_url(d.plan.meeting),
            due_date=d.deadline,
            kind="分工",
            overdue=d.deadline < today,
        )
        for d in duties
    ]


@register_reminders
def remind_duties(today) -> int:
    """Open duties, on the schedule's days: to the responsible people and the office."""
    sent = 0
    for duty in _open_duties().filter(deadline__lte=reminder_horizon(today)):
        meeting = duty.plan.meeting
        reminder = reminder_due(duty.deadline, today, every_overdue=meeting.organization.overdue_reminder_days)
        if reminder is None:
            continue
        sent += reminder_send(
            item=f"duty:{duty.pk}",
            reminder=reminder,
            today=today,
            recipients=_duty_owners(duty) + list(office_users(meeting.organization)),
            title=f"【{reminder.phrase()}】{meeting.title}：职责分工",
            body=f"{duty.responsible_label}：{duty.task}\n完成时限：{day_text(duty.deadline)}。",
            url=_plan_url(meeting),
        )
    return sent
