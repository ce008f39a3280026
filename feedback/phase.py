"""What this phase contributes to the meeting checklist, my work, reminders and documents."""

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from anonymity.writes import pending_count
from meetings.models import Meeting, Milestone, MilestoneKind, Stage
from meetings.builders import register_demo
from meetings.progress import (
    OFFICE,
    PARTICIPANT,
    ChecklistItem,
    WorkItem,
    register_checklist,
    register_reminders,
    register_work,
    reminders_held,
)
from notifications.schedule import reminder_due, reminder_horizon, reminder_send
from notifications.services import notify
from organizations.dateorder import day_text
from organizations.selectors import office_users, org_ids_with_perm, person_for_user

from . import county  # noqa: F401  registers its part of the measuring county (seed_county)
from . import documents  # noqa: F401  registers the summary report and table
from .models import Channel, FeedbackReceipt, Opinion, OpinionState, Solicitation
from .selectors import concern_candidates, state_counts
from .services import online_scope

# Stages in which opinions are gathered, sorted and fed back.
WORK_STAGES = [Stage.PREPARING, Stage.PLAN_REVIEW, Stage.PRE_MEETING, Stage.HALTED]
OPEN_STAGES = Stage.open_stages()


def _home_url(meeting) -> str:
    return reverse("feedback:meeting", args=[meeting.pk])


@register_checklist("征求意见", order=30, link=_home_url)
def feedback_progress(meeting: Meeting):
    """Collected, sorted, fed back (seeds 000 §三3, 004: "并根据班子分工分解至每位党组成员")."""
    url = _home_url(meeting)
    solicitation = Solicitation.objects.filter(meeting=meeting).first()
    if solicitation is None:
        # Paper opinions are entered or imported (feedback.imports); a tick on the
        # milestone does not stand in for sorting and feeding them back.
        yield ChecklistItem("意见建议已收集", False, "尚未启动", url)
        yield ChecklistItem("意见建议已梳理", False, "", url, required_to_convene=True)
        yield ChecklistItem("已原汁原味反馈班子和班子成员", False, "", url, required_to_convene=True)
        return
    counts = state_counts(solicitation)
    sorted_ = counts[OpinionState.SORTED] + counts[OpinionState.RELEASED]
    # Online opinions waiting for their anonymous batch (anonymity.writes) are received but
    # not yet sortable: until they are written, sorting is not done.
    pending = pending_count(scope=online_scope(solicitation))
    yield ChecklistItem("意见建议已收集", counts["total"] > 0, f"收到{counts['total']}条", url)
    if pending:
        detail = f"另有{pending}条网上意见等待成批转入"
    elif counts[OpinionState.NEW]:
        detail = f"待梳理{counts[OpinionState.NEW]}条"
    else:
        detail = f"计{sorted_}条"
    yield ChecklistItem(
        "意见建议已梳理",
        counts["total"] > 0 and counts[OpinionState.NEW] == 0 and not pending,
        detail,
        url,
        required_to_convene=True,
    )
    waiting = counts[OpinionState.SORTED]
    yield ChecklistItem(
        "已原汁原味反馈班子和班子成员",
        counts["total"] > 0 and bool(solicitation.released_at) and waiting == 0,
        f"待反馈{waiting}条" if waiting else ("已反馈" if solicitation.released_at else "尚未反馈"),
        url,
        required_to_convene=True,
    )


# --- my work ----------------------------------------------------------------------------


def _opinions_due():
    return Subquery(
        Milestone.objects.filter(
            meeting=OuterRef("meeting"), kind=MilestoneKind.OPINIONS
        ).values("due_date")[:1]
    )


@register_work(roles=(OFFICE, PARTICIPANT))
def feedback_work(user):
    # Remembered for the request (organizations.selectors): the other phases asked too.
    office_orgs = org_ids_with_perm(user, "manage_organization")
    member_orgs = org_ids_with_perm(user, "take_part")
    return _office_work(office_orgs) + _member_work(user, member_orgs)


def _office_work(orgs: set[int]) -> list[WorkItem]:
    """Start, sort, feed back: one query over the office's meetings in preparation."""
    if not orgs:
        return []
    today = timezone.localdate()
    opinions = "solicitation__opinions__state"
    meetings = Meeting.objects.filter(organization_id__in=orgs, stage__in=WORK_STAGES).annotate(
        solicitation_id=F("solicitation__id"),
        new=Count("solicitation__opinions", filter=Q(**{opinions: OpinionState.NEW})),
        waiting=Count("solicitation__opinions", filter=Q(**{opinions: OpinionState.SORTED})),
        due=Subquery(_opinions_milestone().values("due_date")[:1]),
    )
    items = []
    for m in meetings:
        common = {"meeting_title": m.title, "due_date": m.due, "kind": "征求意见",
                  "overdue": bool(m.due and m.due < today)}
        if m.solicitation_id is None:
            if m.stage == Stage.PRE_MEETING:
                items.append(WorkItem(title="启动征求意见", url=reverse("feedback:setup", args=[m.pk]), **common))
            continue
        if m.new:
            url = reverse("feedback:opinions", args=[m.solicitation_id])
            items.append(WorkItem(title=f"梳理征求到的意见（{m.new}条待梳理）", url=f"{url}?state=new", **common))
        if m.waiting:
            items.append(WorkItem(title=f"反馈梳理好的意见（{m.waiting}条待反馈）",
                                  url=reverse("feedback:release", args=[m.solicitation_id]), **common))
    return items


def _opinions_milestone():
    return Milestone.objects.filter(meeting=OuterRef("pk"), kind=MilestoneKind.OPINIONS)


def _member_work(user, orgs: set[int]) -> list[WorkItem]:
    person = person_for_user(user) if orgs else None
    if person is None:
        return []
    seen = FeedbackReceipt.objects.filter(
        solicitation=OuterRef("pk"), person=person, seen_at__gte=OuterRef("last_released_at")
    )
    unseen = (
        Solicitation.objects.filter(
            meeting__organization_id__in=orgs, released_at__isnull=False, meeting__stage__in=OPEN_STAGES
        )
        .exclude(Exists(seen))
        .select_related("meeting")
    )
    return [
        WorkItem(title="阅知征求到的意见建议", meeting_title=s.meeting.title, kind="征求意见",
                 url=reverse("feedback:mine", args=[s.pk]))
        for s in unseen
    ]


# --- reminders --------------------------------------------------------------------------


@register_reminders
def feedback_reminders(today) -> int:
    return _online_digest(today) + _deadline_reminders(today) + _unseen_reminders(today)


def _online_digest(today) -> int:
    """Yesterday's online opinions, as a count: never one message per opinion, whose time
    could be lined up with an access log to tell who sent it."""
    yesterday = today - timedelta(days=1)
    rows = (
        Opinion.objects.filter(
            channel=Channel.ONLINE, received_on=yesterday, solicitation__meeting__stage__in=OPEN_STAGES
        )
        .values_list("solicitation")
        .annotate(n=Count("id"))
        .order_by()
    )
    sent = 0
    for solicitation in Solicitation.objects.filter(pk__in=dict(rows)).select_related("meeting__organization"):
        meeting, count = solicitation.meeting, dict(rows)[solicitation.pk]
        sent += len(notify(
            recipients=office_users(meeting.organization),
            title=f"昨日网上收到{count}条意见建议：{meeting.title}",
            body="请及时梳理分类。",
            url=f"{reverse('feedback:opinions', args=[solicitation.pk])}?state=new",
            dedupe_key=f"feedback:{solicitation.pk}:online:{yesterday}",
        ))
    return sent


def _deadline_reminders(today) -> int:
    """The opinions milestone is near or past while opinions wait to be sorted or fed back."""
    solicitations = (
        Solicitation.objects.filter(meeting__stage__in=WORK_STAGES)
        .annotate(due=_opinions_due())
        .filter(due__lte=reminder_horizon(today))
        .exclude(meeting__milestones__kind=MilestoneKind.OPINIONS, meeting__milestones__done_at__isnull=False)
        .select_related("meeting__organization")
    )
    due = []
    for s in solicitations:
        reminder = reminder_due(s.due, today, every_overdue=s.meeting.organization.overdue_reminder_days)
        if reminder is not None:
            due.append((s, reminder))
    # Not today for an office a supervisor chased by hand about the opinions (催办, last 24 h).
    held = reminders_held({(s.meeting_id, MilestoneKind.OPINIONS) for s, _ in due})
    sent = 0
    for s, reminder in due:
        if (s.meeting_id, MilestoneKind.OPINIONS) in held:
            continue
        counts = state_counts(s)
        new, waiting = counts[OpinionState.NEW], counts[OpinionState.SORTED]
        if not (new or waiting or not s.released_at):
            continue
        parts = [f"{new}条待梳理"] if new else []
        parts += [f"{waiting}条待反馈"] if waiting else []
        sent += reminder_send(
            item=f"feedback:{s.pk}",
            reminder=reminder,
            today=today,
            recipients=office_users(s.meeting.organization),
            title=f"【{reminder.phrase()}】{s.meeting.title}：征求意见",
            body=f"截止日期：{day_text(s.due)}。" + ("还有" + "、".join(parts) + "。" if parts else "尚未向班子成员反馈。"),
            url=reverse("feedback:overview", args=[s.pk]),
        )
    return sent


def _unseen_reminders(today) -> int:
    """Members who have not opened the opinions fed back to them two days on."""
    cutoff = timezone.now() - timedelta(days=2)
    solicitations = Solicitation.objects.filter(
        last_released_at__lte=cutoff, meeting__stage__in=WORK_STAGES
    ).select_related("meeting__organization")
    sent = 0
    for s in solicitations:
        seen = set(
            FeedbackReceipt.objects.filter(solicitation=s, seen_at__gte=s.last_released_at).values_list(
                "person_id", flat=True
            )
        )
        recipients = [p.user for p in concern_candidates(s.meeting) if p.user_id and p.pk not in seen]
        sent += len(notify(
            recipients=recipients,
            title=f"请阅知征求到的意见建议：{s.meeting.title}",
            body="办公室已将征求到的意见建议原汁原味反馈给您，请逐条对照，在发言提纲中作出回应。",
            url=reverse("feedback:mine", args=[s.pk]),
            dedupe_key=f"feedback:{s.pk}:unseen:{s.last_released_at:%Y%m%d%H%M%S}",
        ))
    return sent


@register_demo(order=30)
def feedback_demo(context: dict) -> None:
    from .demo import build_demo

    build_demo(context)
