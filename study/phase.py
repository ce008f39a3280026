"""What this phase contributes to the meeting checklist, my work, reminders and the demo."""

from datetime import date

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, MeetingKind, Milestone, MilestoneKind, Stage
from meetings.builders import register_demo
from meetings.progress import (
    OFFICE,
    PARTICIPANT,
    ChecklistItem,
    WorkItem,
    register_checklist,
    register_reminders,
    register_work,
)
from notifications.schedule import reminder_due, reminder_horizon, reminder_send
from organizations.dateorder import day_text
from organizations.selectors import org_ids_with_perm, person_for_user

from . import county  # noqa: F401  registers its part of the measuring county (seed_county)
from .models import StudyForm
from .selectors import hours_text, participant_people, study_statistics

# Study happens before the meeting is asked to convene; afterwards nobody is chased for it.
STUDY_OPEN_STAGES = [Stage.PREPARING, Stage.PLAN_REVIEW, Stage.PRE_MEETING]


def _study_url(meeting) -> str:
    return reverse("study:meeting", args=[meeting.pk])


@register_checklist("学习研讨", order=20, link=_study_url)
def study_checklist(meeting: Meeting):
    stats = study_statistics(meeting)
    url = _study_url(meeting)
    who = "党员" if meeting.kind == MeetingKind.ORGANIZATION_LIFE else "班子成员"
    yield ChecklistItem(
        "学习研讨记录",
        stats.sessions > 0,
        f"{stats.sessions}次，累计{hours_text(stats.total_hours)}小时" if stats.sessions else "尚无记录",
        url,
    )
    # Seed 001 §三(一), 003 §四(一): self-study is not enough, the team studies together.
    yield ChecklistItem(
        "至少开展一次集中学习研讨",
        stats.group_sessions >= 1,
        f"{stats.group_sessions}次",
        url,
        required_to_convene=True,
    )
    members = len(stats.members)
    yield ChecklistItem(
        f"{who}个人自学",
        members > 0 and stats.members_with_self_study == members,
        f"{stats.members_with_self_study}/{members}人已登记",
        url,
    )
    detail = f"出勤率{stats.attendance_rate}"
    if stats.absences:
        detail += f"，缺席{stats.absences}人次，已补学{stats.made_up}人次"
    # Seed 002 方案（三）: those absent are briefed and given the materials afterwards.
    yield ChecklistItem(
        "缺席人员已补学",
        stats.group_sessions > 0 and stats.made_up == stats.absences,
        detail,
        url,
    )


def _with_study_due(meetings):
    """Meetings whose study milestone is still open, with its due date as `study_due`."""
    study = Milestone.objects.filter(kind=MilestoneKind.STUDY)
    due = study.filter(meeting=OuterRef("pk")).values("due_date")[:1]
    done = study.filter(done_at__isnull=False).values("meeting_id")
    return meetings.annotate(study_due=Subquery(due)).exclude(pk__in=done)


@register_work(roles=(PARTICIPANT,))
def self_study_to_log(user):
    """A participant who has not logged self-study for a meeting still studying."""
    member_orgs = org_ids_with_perm(user, "take_part")
    person = person_for_user(user) if member_orgs else None
    if person is None:
        return []
    meetings = _with_study_due(
        Meeting.objects.filter(organization_id__in=member_orgs, stage__in=STUDY_OPEN_STAGES)
    ).exclude(study_sessions__owner=person)
    today = timezone.localdate()
    return [
        WorkItem(
            title="登记个人自学",
            meeting_title=m.title,
            url=reverse("study:self_study_create", args=[m.pk]),
            due_date=m.study_due,
            kind="学习研讨",
            overdue=bool(m.study_due and m.study_due < today),
        )
        for m in meetings
    ]


@register_work(roles=(OFFICE,))
def group_study_to_record(user):
    """The office of a meeting without any group session yet records one."""
    office_orgs = org_ids_with_perm(user, "manage_organization")
    if not office_orgs:
        return []
    meetings = _with_study_due(
        Meeting.objects.filter(organization_id__in=office_orgs, stage__in=STUDY_OPEN_STAGES)
    ).exclude(pk__in=_meetings_with_group_sessions())
    today = timezone.localdate()
    return [
        WorkItem(
            title="组织并记录集中学习研讨",
            meeting_title=m.title,
            url=reverse("study:session_create", args=[m.pk]),
            due_date=m.study_due,
            kind="学习研讨",
            overdue=bool(m.study_due and m.study_due < today),
        )
        for m in meetings
    ]


def _meetings_with_group_sessions():
    from .models import StudySession

    return StudySession.objects.exclude(form=StudyForm.SELF).values("meeting_id")


@register_reminders
def self_study_reminders(today: date) -> int:
    """Before the study deadline, remind each participant who has not logged self-study.

    On notifications.schedule's days, and while overdue as long as the study milestone is
    open: the work is still asked of them (my work shows it as overdue).
    """
    meetings = _with_study_due(
        Meeting.objects.filter(stage__in=STUDY_OPEN_STAGES).select_related("organization")
    ).filter(study_due__lte=reminder_horizon(today))
    sent = 0
    for meeting in meetings:
        every = meeting.organization.overdue_reminder_days
        reminder = reminder_due(meeting.study_due, today, every_overdue=every)
        if reminder is None:
            continue
        logged = set(meeting.study_sessions.filter(form=StudyForm.SELF).values_list("owner_id", flat=True))
        recipients = [
            p.user for p in participant_people(meeting) if p.user_id and p.pk not in logged
        ]
        sent += reminder_send(
            item=f"study-self:{meeting.pk}",
            reminder=reminder,
            today=today,
            recipients=recipients,
            title=f"【请登记个人自学】{meeting.title}",
            body=(
                f"学习研讨截止日期：{day_text(meeting.study_due)}（{reminder.phrase()}）。"
                "您尚未登记个人自学，请"
                + ("尽快" if reminder.days_left < 0 else "在截止前")
                + "登记学习内容和心得。"
            ),
            url=reverse("study:self_study_create", args=[meeting.pk]),
        )
    return sent


@register_demo(order=20)
def study_demo(context: dict) -> None:
    from .demo import build_study_demo

    build_study_demo(context)
