"""What the preparation report and the application contribute to the checklist, my work and
the reminders (the "召开准备" section of the meeting's checklist)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Stage
from meetings.progress import (
    OFFICE,
    ChecklistItem,
    WorkItem,
    register_checklist,
    register_move_page,
    register_reminders,
    register_work,
)
from notifications.schedule import reminder_due, reminder_send
from organizations.dateorder import day_text
from organizations.selectors import office_users, org_ids_with_perm

from . import county, demo, documents_prep  # noqa: F401  county and demo parts; 准备工作情况报告 and 召开申请
from .convening import application_is_complete, application_missing, latest_request, lead_time
from .models import ConveningApplication, ConveningRequest, PreparationReport, RequestStatus

AFTER_REQUEST = {Stage.CONVENE_REQUESTED, Stage.CONVENE_APPROVED, Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED}
AGREED = {Stage.CONVENE_APPROVED, Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED}


def preparation_url(meeting) -> str:
    return reverse("proceedings:preparation", args=[meeting.pk])


def decision_url(meeting) -> str:
    return reverse("proceedings:convening", args=[meeting.pk])


# No link on the section itself: the office opens the preparation page from its items, the
# upper level its decision page from "my work" and the meeting's buttons.
@register_checklist("召开准备", order=60, key="preparation", waivable=False)
def preparation_progress(meeting: Meeting):
    """Seed 004 and 000 §四(二)1: the report and the application go up before the meeting."""
    url = preparation_url(meeting)
    report = PreparationReport.objects.filter(meeting=meeting).only("id", "compiled_at").first()
    application = ConveningApplication.objects.filter(meeting=meeting).first()
    yield ChecklistItem(
        "准备工作情况报告已生成",
        report is not None,
        f"{timezone.localtime(report.compiled_at):%m月%d日}生成" if report else "尚未生成",
        url,
        required_to_convene=True,
        url_for_office=True,
    )
    missing = application_missing(application)
    yield ChecklistItem(
        "召开申请已填写（时间、地点、议程）",
        application_is_complete(application),
        "待填写：" + "、".join(missing) if missing else lead_time(application).warning,
        url,
        required_to_convene=True,
        url_for_office=True,
    )
    latest = latest_request(meeting)
    postponed = latest is not None and latest.status == RequestStatus.POSTPONED and meeting.stage not in AFTER_REQUEST
    yield ChecklistItem(
        "已报请召开",
        meeting.stage in AFTER_REQUEST,
        f"暂缓召开：{latest.reason}" if postponed else "",
    )
    yield ChecklistItem(
        "上级同意召开",
        meeting.stage in AGREED and meeting.stage != Stage.HALTED,
        f"同意于{meeting.agreed_on.year}年{meeting.agreed_on.month}月{meeting.agreed_on.day}日召开"
        if meeting.agreed_on
        else "",
    )


@register_work(roles=(OFFICE,))
def preparation_work(user):
    """The office compiles and sends the report. The 组织部's item (审核召开申请) is the
    meeting's own (meetings.phase); it leads to the decision page registered below."""
    return _office_work(user)


def _office_work(user) -> list[WorkItem]:
    orgs = org_ids_with_perm(user, "manage_organization")
    if not orgs:
        return []
    meetings = list(
        Meeting.objects.filter(organization_id__in=orgs, stage=Stage.PRE_MEETING).select_related("organization")
    )
    if not meetings:
        return []
    compiled = set(PreparationReport.objects.filter(meeting__in=meetings).values_list("meeting_id", flat=True))
    applications = {a.meeting_id: a for a in ConveningApplication.objects.filter(meeting__in=meetings)}
    postponed = set(
        ConveningRequest.objects.filter(meeting__in=meetings, status=RequestStatus.POSTPONED).values_list(
            "meeting_id", flat=True
        )
    )
    today = timezone.localdate()
    items = []
    for meeting in meetings:
        due = send_by(applications.get(meeting.pk))
        if meeting.pk in postponed:
            title = "按上级意见完善准备工作，再次报请召开"
        elif meeting.pk in compiled:
            title = "报送准备工作情况报告和召开申请"
        else:
            title = "编写准备工作情况报告"
        items.append(
            WorkItem(
                title=title,
                meeting_title=meeting.title,
                url=preparation_url(meeting),
                due_date=due,
                kind="召开准备",
                overdue=bool(due and due < today),
                organization=meeting.organization.display_name,
            )
        )
    return items


def send_by(application: ConveningApplication | None) -> date | None:
    """The day the report and the application must reach the upper level: N days before
    the proposed day (seed 002 方案1 §四, 方案8 (三)2)."""
    if application is None or application.proposed_at is None:
        return None
    return timezone.localtime(application.proposed_at).date() - timedelta(days=application.lead_days)


@register_reminders
def preparation_reminders(today: date) -> int:
    """Remind the office to send the report before the N-day deadline, on the shared days."""
    sent = 0
    applications = ConveningApplication.objects.filter(
        meeting__stage=Stage.PRE_MEETING, proposed_at__isnull=False
    ).select_related("meeting__organization")
    for application in applications:
        due = send_by(application)
        meeting = application.meeting
        # Past the proposed day itself, a reminder of the lead time helps nobody.
        reminder = reminder_due(due, today, every_overdue=None)
        if reminder is None:
            continue
        sent += reminder_send(
            item=f"preparation:{meeting.pk}",
            reminder=reminder,
            today=today,
            recipients=list(office_users(meeting.organization)),
            title=f"【{reminder.phrase('报送')}】{meeting.title}：准备工作情况报告和召开申请",
            body=f"请于{day_text(due)}前（会前{application.lead_days}天）将准备工作情况报告和召开申请报上级审核。",
            url=preparation_url(meeting),
        )
    return sent


# The meeting's buttons for these moves open the pages beside the report and application.
register_move_page("request_convening", preparation_url)
register_move_page("approve_convening", decision_url)
register_move_page("postpone", decision_url)
