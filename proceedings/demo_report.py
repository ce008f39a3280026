"""The situation report in the demo (make run): last year's meeting, held and in
rectification, has its report compiled, sent ten days after the meeting and read by the
组织部, with its notice issued."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from meetings.builders import register_demo

from . import report as service
from .models import ReportEvent, SituationReport
from .report_access import report_access


@register_demo(order=80)
def situation_report_demo(context: dict) -> None:
    meeting = context["gov_last_year"]
    meeting.refresh_from_db()
    if not meeting.held_on or SituationReport.objects.filter(meeting=meeting).exists():
        return
    users = context["users"]
    office, supervisor = users["office"], users["supervisor"]
    report = service.report_compile(meeting=meeting, actor=office)
    service.report_transition(report=report, name="send", actor=office, access=report_access(office, meeting))
    report.refresh_from_db()
    service.report_transition(report=report, name="acknowledge", actor=supervisor,
                              access=report_access(supervisor, meeting), note="报告内容完整，请抓好整改落实。")
    service.notice_issue(report=report, scope="各党支部、机关全体党员", actor=office)
    # The demo's history is dated as it would have happened: sent ten days after the meeting.
    sent = timezone.make_aware(datetime.combine(meeting.held_on + timedelta(days=10), time(10)))
    SituationReport.objects.filter(pk=report.pk).update(
        sent_at=sent, acknowledged_at=sent + timedelta(days=2), notice_issued_at=sent + timedelta(days=3))
    meeting.milestones.filter(kind="report").update(done_at=sent)
    events = list(ReportEvent.objects.filter(report=report).order_by("id"))
    for event, at in zip(events, [sent - timedelta(days=1), sent, sent + timedelta(days=2), sent + timedelta(days=3)]):
        ReportEvent.objects.filter(pk=event.pk).update(at=at)
