"""What the situation report contributes to the meeting's checklist, to "my work" and to
the daily reminders (issue 12 part 3).

Reminders, on notifications.schedule's days (3 days and 1 day before the due date, on
the day, then every N days overdue), once each however often the daily job runs:
- the team's secretary, in whose team's name the report goes, while it is not sent;
- the supervising level once it is overdue: it is the one waiting for it.
The office is reminded of the 召开情况报告 milestone by meetings' own milestone reminder
(same days, same deadline), so it is not told twice here.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from meetings.access import Role
from meetings.dates import day_text
from meetings.models import Meeting, Milestone, MilestoneKind, Stage
from meetings.progress import (
    OFFICE,
    OVERSEER,
    ChecklistItem,
    WorkItem,
    register_checklist,
    register_reminders,
    register_work,
)
from notifications.schedule import reminder_due, reminder_horizon, reminder_send
from organizations.models import TeamMembership, TeamPosition
from organizations.paging import url_maker
from organizations.selectors import org_ids_with_perm, overseen_orgs, oversees_any, supervisor_users

from .models import ReportState, SituationReport
from .report import current_report, report_due, report_punctuality

# Reminded while the report can still be written and sent (not once archived or halted).
REMIND_STAGES = (Stage.HELD, Stage.RECTIFYING)


def _report_url(meeting) -> str:
    return reverse("proceedings:report", args=[meeting.pk])


@register_checklist("会后报告", order=80, key="report", waivable=False,
                    detail_readers=(Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR))
def report_progress(meeting: Meeting):
    if not meeting.held_on or meeting.stage in (Stage.HALTED,):
        yield ChecklistItem("召开情况报告", False, "会议召开后15日内报送上级")
        return
    report = current_report(meeting)
    url = _report_url(meeting)
    punctual = report_punctuality(meeting, report)
    due = f"截止{day_text(report_due(meeting))}，{punctual.label}"
    yield ChecklistItem("召开情况报告已生成", report is not None, "" if report else due, url, url_for_office=True)
    sent = report is not None and report.is_sent
    yield ChecklistItem("已报送上级", sent, due if not sent or punctual.late else punctual.label, url, url_for_office=True)
    yield ChecklistItem("上级已阅知", report is not None and report.state == ReportState.ACKNOWLEDGED)
    yield ChecklistItem("盖章扫描件已存档", bool(report and report.scan), url=url, url_for_office=True)
    issued = bool(report and report.notice_issued_at)
    yield ChecklistItem(
        "会议情况已通报", issued, report.notice_scope if issued else "",
        reverse("proceedings:notice", args=[meeting.pk]) if issued else "",
    )


@register_work(roles=(OFFICE, OVERSEER))
def report_work(user):
    """The upper level: reports sent and waiting to be read, and those overdue. The
    office: a sent report without its stamped scan, or whose notice is not issued yet."""
    if not user.is_authenticated:
        return []
    items, link = [], url_maker("proceedings:report")
    current = Q(held_on=OuterRef("held_on"), meeting=OuterRef("pk"))
    if oversees_any(user):
        waiting = (
            SituationReport.objects.filter(
                meeting__organization_id__in=overseen_orgs(user), state=ReportState.SENT,
                meeting__stage__in=REMIND_STAGES,
            )
            .select_related("meeting__organization")
        )
        items += [
            WorkItem(
                title="阅知召开情况报告",
                meeting_title=f"{r.meeting.organization.display_name} · {r.meeting.title}",
                url=link(r.meeting_id),
                kind="阅知",
                organization=r.meeting.organization.display_name,
                since=timezone.localdate(r.sent_at),
            )
            for r in waiting
            if r.held_on == r.meeting.held_on
        ]
        # Reports past their 15 days and not sent: the upper level chases them (shown red).
        today = timezone.localdate()
        late = Milestone.objects.filter(
            kind=MilestoneKind.REPORT, done_at__isnull=True, due_date__lt=today,
            meeting__organization_id__in=overseen_orgs(user), meeting__stage__in=REMIND_STAGES,
            meeting__held_on__isnull=False,
        ).select_related("meeting__organization")
        items += [
            WorkItem(
                title=f"召开情况报告已逾期{(today - m.due_date).days}天，尚未报送",
                meeting_title=f"{m.meeting.organization.display_name} · {m.meeting.title}",
                url=link(m.meeting_id),
                due_date=m.due_date,
                kind="逾期报告",
                overdue=True,
                organization=m.meeting.organization.display_name,
            )
            for m in late
        ]
    office_orgs = org_ids_with_perm(user, "manage_organization")
    if office_orgs:
        meetings = Meeting.objects.filter(organization_id__in=office_orgs, stage__in=REMIND_STAGES).annotate(
            sent=Exists(SituationReport.objects.filter(current, state__in=[ReportState.SENT, ReportState.ACKNOWLEDGED])),
            unscanned=Exists(SituationReport.objects.filter(current, scan="")),
            unnoticed=Exists(SituationReport.objects.filter(current, notice_issued_at__isnull=True)),
        ).filter(sent=True)
        for m in meetings:
            for todo, title in ((m.unscanned, "上传召开情况报告盖章扫描件"), (m.unnoticed, "印发会议情况通报")):
                if todo:
                    items.append(WorkItem(title=title, meeting_title=m.title, url=link(m.pk), kind="会后报告"))
    return items


def _secretary_users(meeting) -> list:
    return [
        seat.person.user
        for seat in TeamMembership.objects.filter(
            organization_id=meeting.organization_id, position=TeamPosition.SECRETARY
        ).select_related("person__user")
        if seat.person.user
    ]


@register_reminders
def remind_reports(today: date) -> int:
    """See the module's docstring; returns how many messages were new."""
    return report_reminders_send(today=today)


def report_reminders_send(*, today: date) -> int:
    sent = 0
    milestones = Milestone.objects.filter(
        kind=MilestoneKind.REPORT,
        done_at__isnull=True,
        due_date__isnull=False,
        due_date__lte=reminder_horizon(today),
        meeting__stage__in=REMIND_STAGES,
        meeting__held_on__isnull=False,
    ).select_related("meeting__organization")
    for milestone in milestones:
        meeting = milestone.meeting
        reminder = reminder_due(milestone.due_date, today, every_overdue=meeting.organization.overdue_reminder_days)
        if reminder is None:
            continue
        report = current_report(meeting)
        if report is not None and report.is_sent:
            continue  # sent without the milestone ticked: nothing left to chase
        phrase = reminder.phrase()
        state = "草稿待报送" if report is not None else "尚未生成"
        item = f"situation_report:{meeting.pk}:{meeting.held_on.isoformat()}"
        body = f"会议于{day_text(meeting.held_on)}召开，召开情况报告须于{day_text(milestone.due_date)}前报送上级。"
        sent += reminder_send(
            item=f"{item}:secretary",
            reminder=reminder,
            today=today,
            recipients=_secretary_users(meeting),
            title=f"【召开情况报告·{phrase}】{meeting.title}：{state}",
            body=body,
            url=_report_url(meeting),
        )
        if reminder.days_left < 0:
            sent += reminder_send(
                item=f"{item}:upper",
                reminder=reminder,
                today=today,
                recipients=supervisor_users(meeting.organization),
                title=f"【召开情况报告·{phrase}】{meeting.organization.display_name}：{meeting.title}尚未报送",
                body=body,
                url=reverse("proceedings:reports"),
            )
    return sent
