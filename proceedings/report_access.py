"""The permission checkpoint of the situation report and the notice.

Who sees the situation report (召开情况报告, issue 12 "Confidentiality"): the office who
writes and sends it, the team's secretary in whose team's name it goes, and the
supervising level it is sent to — the upper level reads its text once it has been sent
(before that it sees only whether it is due or late). The other team members and anyone
else get 404, not a hint that it exists.

The notice (通报) is written for the members and the subordinate organisations: once the
office has issued it, every participant of the meeting may read it.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from meetings.access import MeetingAccess, Role, meeting_access
from meetings.models import Meeting

from .models import SituationReport

REPORT_ROLES = frozenset({Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR})


@dataclass(frozen=True)
class ReportAccess:
    """What one user may do with the situation report of one meeting."""

    meeting: MeetingAccess

    @property
    def roles(self) -> frozenset[str]:
        return self.meeting.roles & REPORT_ROLES

    @property
    def is_office(self) -> bool:
        return self.meeting.is_office

    @property
    def is_supervisor(self) -> bool:
        return self.meeting.is_supervisor

    @property
    def is_secretary(self) -> bool:
        return self.meeting.is_secretary

    @property
    def reads_draft(self) -> bool:
        """The office and the secretary read the report while it is written."""
        return self.is_office or self.is_secretary

    def reads_text(self, report: SituationReport | None) -> bool:
        return report is not None and (self.reads_draft or (self.is_supervisor and report.is_sent))


def report_access(user, meeting: Meeting) -> ReportAccess:
    return ReportAccess(meeting_access(user, meeting))


def get_meeting_for_report(user, pk, *, require: tuple[str, ...] = ()):
    """The meeting, for its report pages: 404 for members and outsiders, 403 when the
    person may see the report but not do this (`require`: at least one of these roles)."""
    meeting = Meeting.objects.select_related("organization").filter(pk=pk).first()
    if meeting is None:
        raise Http404("会议不存在")
    access = report_access(user, meeting)
    if not access.roles:
        raise Http404("会议不存在")
    if require and not access.roles.intersection(require):
        raise PermissionDenied("您的角色无权进行此操作")
    return meeting, access


def get_report_for_user(user, pk) -> SituationReport:
    """One report, for printing it (documents.registry): whoever may read its text."""
    report = SituationReport.objects.select_related("meeting__organization").filter(pk=pk).first()
    if report is None:
        raise Http404("报告不存在")
    access = report_access(user, report.meeting)
    if not access.reads_text(report):
        raise Http404("报告不存在")
    return report


def reads_notice(access: MeetingAccess, report: SituationReport) -> bool:
    """The office, the secretary and the upper level as for the report; every participant
    once the notice is issued."""
    if access.is_office or access.is_secretary:
        return True
    if access.is_supervisor and report.is_sent:
        return True
    return report.notice_issued_at is not None and bool(access.roles)


def get_notice_for_user(user, pk) -> SituationReport:
    report = SituationReport.objects.select_related("meeting__organization").filter(pk=pk).first()
    if report is None or not reads_notice(meeting_access(user, report.meeting), report):
        raise Http404("通报不存在")
    return report
