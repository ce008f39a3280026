"""Write operations on meetings. Views call these; nothing else changes a meeting."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from notifications.services import notify
from notifications.schedule import reminder_due, reminder_horizon, reminder_send
from organizations.dateorder import day_text
from organizations.models import Organization
from organizations.selectors import office_users, participant_users, supervisor_users

from .models import (
    AspectTemplate,
    AspectTemplateItem,
    Meeting,
    MeetingAspect,
    Milestone,
    MilestoneKind,
    PhaseWaiver,
    Stage,
    StageChange,
)
from .progress import meeting_checklist, meeting_created, register_blocker, reminders_held


class ConcurrentEditError(Exception):
    """Someone else saved the meeting after this form was loaded."""

    MESSAGE = (
        "这次会议已被他人修改：在您编辑期间，其他人已修改并保存了这次会议。为避免覆盖对方的修改，本次未保存；"
        "您填写的内容仍在下方，对方保存的版本见页面顶部，请核对后再保存。"
    )


class EditNotAllowed(Exception):
    pass


EDITABLE_STAGES = {Stage.PREPARING}


@transaction.atomic
def meeting_create(
    *,
    organization: Organization,
    kind: str,
    year: int,
    title: str,
    theme: str = "",
    is_special: bool = False,
    template: AspectTemplate | None = None,
    created_by=None,
) -> Meeting:
    meeting = Meeting.objects.create(
        organization=organization,
        kind=kind,
        year=year,
        title=title,
        theme=theme,
        is_special=is_special,
        created_by=created_by,
    )
    if template is not None:
        MeetingAspect.objects.bulk_create(
            MeetingAspect(meeting=meeting, order=i, title=item.title, description=item.description)
            for i, item in enumerate(template.items.all(), start=1)
        )
    Milestone.objects.bulk_create(Milestone(meeting=meeting, kind=k) for k in MilestoneKind.values)
    StageChange.objects.create(
        meeting=meeting, from_stage="", to_stage=Stage.PREPARING, action="创建会议", actor=created_by
    )
    from .plans import plan_create_default  # the plan module hooks into the workflow

    plan_create_default(meeting=meeting)
    meeting_created(meeting)
    return meeting


def meeting_ensure_editable(meeting: Meeting) -> None:
    if meeting.stage not in EDITABLE_STAGES:
        raise EditNotAllowed(
            f"会议处于“{meeting.get_stage_display()}”阶段，不能修改基本信息和对照检查方面。"
        )


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, version: int, aspects: list[tuple[str, str]] | None = None, **fields
) -> Meeting:
    """Save edits made on a form loaded at `version`; refuse if someone saved since."""
    meeting_ensure_editable(meeting)
    updated = Meeting.objects.filter(pk=meeting.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise ConcurrentEditError(ConcurrentEditError.MESSAGE)
    if aspects is not None:
        meeting.aspects.all().delete()
        MeetingAspect.objects.bulk_create(
            MeetingAspect(meeting=meeting, order=i, title=title, description=description)
            for i, (title, description) in enumerate(aspects, start=1)
        )
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def milestones_schedule(*, meeting: Meeting, dates: dict[str, date | None]) -> None:
    """Set milestone dates; the plan's steps tied to a milestone show the same date."""
    from .models import PlanStep

    for milestone in meeting.milestones.all():
        if milestone.kind in dates and milestone.due_date != dates[milestone.kind]:
            milestone.due_date = dates[milestone.kind]
            milestone.save(update_fields=["due_date"])
            PlanStep.objects.filter(plan__meeting=meeting, milestone=milestone.kind).update(
                due_date=milestone.due_date
            )


def milestone_complete(*, milestone: Milestone, actor) -> Milestone:
    if milestone.done_at is None:
        milestone.done_at = timezone.now()
        milestone.done_by = actor
        milestone.save(update_fields=["done_at", "done_by"])
    return milestone


def milestone_reopen(*, milestone: Milestone) -> Milestone:
    milestone.done_at = None
    milestone.done_by = None
    milestone.save(update_fields=["done_at", "done_by"])
    return milestone


@transaction.atomic
def aspect_template_copy(
    *, template: AspectTemplate, organization: Organization, name: str = ""
) -> AspectTemplate:
    copy = AspectTemplate.objects.create(
        name=name or f"{template.name}（副本）",
        kind=template.kind,
        organization=organization,
        year=template.year,
        source=template.source,
    )
    AspectTemplateItem.objects.bulk_create(
        AspectTemplateItem(template=copy, order=i.order, title=i.title, description=i.description)
        for i in template.items.all()
    )
    return copy


@transaction.atomic
def aspect_template_update(
    *,
    template: AspectTemplate,
    name: str,
    items: list[tuple[str, str]],
    year: int | None = None,
    source: str = "",
) -> AspectTemplate:
    if template.is_shipped:
        raise EditNotAllowed("系统内置模板不能修改，请先复制到本组织。")
    template.name, template.year, template.source = name, year, source.strip()
    template.save(update_fields=["name", "year", "source"])
    template.items.all().delete()
    AspectTemplateItem.objects.bulk_create(
        AspectTemplateItem(template=template, order=i, title=t, description=d)
        for i, (t, d) in enumerate(items, start=1)
    )
    return template


@dataclass(frozen=True)
class MissingStep:
    """A required step of the checklist not done yet, and where it is done."""

    phase: str
    label: str
    url: str = ""
    url_for_office: bool = False

    @property
    def text(self) -> str:
        return f"尚未完成：{self.phase}——{self.label}"


def convene_missing(meeting: Meeting) -> list[MissingStep]:
    """Is this meeting ready to convene? Seeds 002 #4 (3), 004: every phase must be done
    ("程序环节不能少"): the required steps still missing, each with its link.

    Each phase states what must be finished through its checklist items; a phase the
    office marked 不适用 (with its reason) requires nothing.
    """
    return [
        MissingStep(section.phase, item.label, item.url or section.url, item.url_for_office)
        for section in meeting_checklist(meeting)
        for item in section.missing_to_convene()
    ]


def meeting_convene_blockers(meeting: Meeting) -> list[str]:
    """The readiness gate as the transition function asks it: one sentence per missing step."""
    return [step.text for step in convene_missing(meeting)]


def phase_waiver_set(*, meeting: Meeting, phase: str, reason: str, actor) -> PhaseWaiver:
    """Mark a phase 不适用 for this meeting, with the reason (replacing an earlier one)."""
    waiver, _ = PhaseWaiver.objects.update_or_create(
        meeting=meeting,
        phase=phase,
        defaults={"reason": reason.strip(), "by": actor, "at": timezone.now()},
    )
    return waiver


def phase_waiver_withdraw(*, meeting: Meeting, phase: str) -> bool:
    deleted, _ = PhaseWaiver.objects.filter(meeting=meeting, phase=phase).delete()
    return bool(deleted)


# --- the meeting's own conditions on its moves (other phases register theirs) ----------


@register_blocker("submit_plan")
def _aspects_first(meeting: Meeting):
    if not meeting.aspects.exists():
        yield "请先确定对照检查的方面，再提交方案报审"


# The office asks to convene when every phase is done; the supervisor consents only while
# that is still so (a record may have been reopened in between).
register_blocker("request_convening", meeting_convene_blockers)
register_blocker("approve_convening", meeting_convene_blockers)


@register_blocker("archive")
def _report_and_rectification_done(meeting: Meeting):
    """Archiving closes the meeting: the situation report is sent, rectification is done.

    The archive move checks these milestones; it never ticks them itself.
    """
    kinds = (MilestoneKind.REPORT, MilestoneKind.RECTIFICATION)
    for milestone in meeting.milestones.filter(kind__in=kinds, done_at__isnull=True):
        yield f"“{milestone.get_kind_display()}”尚未完成，不能归档"


STAGE_AUDIENCE = {
    # who hears about a move into each stage
    Stage.PLAN_REVIEW: ("supervisors",),
    Stage.PRE_MEETING: ("office", "participants"),
    Stage.PREPARING: ("office",),
    Stage.CONVENE_REQUESTED: ("supervisors",),
    Stage.CONVENE_APPROVED: ("office", "participants"),
    Stage.HALTED: ("office", "participants"),
    Stage.HELD: ("supervisors",),
    Stage.RECTIFYING: ("participants",),
    Stage.ARCHIVED: ("office",),
}


def stage_change_notify(*, change_id: int) -> None:
    change = StageChange.objects.select_related("meeting__organization").get(pk=change_id)
    meeting = change.meeting
    org = meeting.organization
    audiences = {
        "office": office_users,
        "participants": participant_users,
        "supervisors": supervisor_users,
    }
    recipients = []
    for audience in STAGE_AUDIENCE.get(change.to_stage, ()):
        recipients += list(audiences[audience](org))
    recipients = [u for u in recipients if u.pk != change.actor_id]
    body = f"{org.display_name}：{meeting.title}进入“{change.get_to_stage_display()}”阶段。"
    if change.note:
        body += f"\n说明：{change.note}"
    notify(
        recipients=recipients,
        title=f"{change.action}：{meeting.title}",
        body=body,
        url=reverse("meetings:detail", args=[meeting.pk]),
    )


# The milestones whose work is asked of the members (my work shows them to each).
MILESTONE_PARTICIPANT_KINDS = {MilestoneKind.STUDY, MilestoneKind.TALKS, MilestoneKind.MATERIALS}


def milestone_reminders_send(*, today: date | None = None, now=None) -> int:
    """Remind the responsible people of open milestones on the days notifications.schedule
    names (3 days and 1 day before, on the day, then every N days overdue); once a day.

    A milestone a registered hold keeps back (chased by hand in the last 24 hours) is left
    out today; the holds are asked once for all the day's milestones."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    sent = 0
    milestones = (
        Milestone.objects.filter(
            done_at__isnull=True,
            due_date__isnull=False,
            due_date__lte=reminder_horizon(today),
            meeting__stage__in=Stage.open_stages(),
        )
        .exclude(meeting__stage=Stage.HALTED)
        .select_related("meeting__organization")
    )
    due = []
    for milestone in milestones:
        reminder = reminder_due(
            milestone.due_date, today, every_overdue=milestone.meeting.organization.overdue_reminder_days
        )
        if reminder is not None:
            due.append((milestone, reminder))
    held = reminders_held({(m.meeting_id, m.kind) for m, _ in due}, now)
    for milestone, reminder in due:
        if (milestone.meeting_id, milestone.kind) in held:
            continue
        meeting = milestone.meeting
        # The office tracks every milestone. The members hear of study, talks and
        # materials from those phases' own reminders, which name only the people still
        # behind: reminding every participant here as well would say it twice a day.
        recipients = list(office_users(meeting.organization))
        sent += reminder_send(
            item=f"milestone:{milestone.pk}",
            reminder=reminder,
            today=today,
            recipients=recipients,
            title=f"【{reminder.phrase()}】{meeting.title}：{milestone.get_kind_display()}",
            body=f"截止日期：{day_text(milestone.due_date)}。",
            url=reverse("meetings:detail", args=[meeting.pk]),
        )
    return sent
