"""What the meeting phase hands to the archive (meetings.records): the preparation report
and the application to convene, the agenda, the minutes of every sitting (one halted
and held again has two), each situation report with its sealed scan and the notice, and
the decisions on them (sent, agreed, postponed, halted; the report sent and read).
"""

from django.utils import timezone

from documents.stored import stored_reader
from meetings.models import Meeting
from meetings.records import Decision, PhaseRecords, RecordDocument, RecordFile, actor_name, decisions_from, register_records

from .documents_prep import application_title
from .models import AgendaItem, ConveningRequest, ReportEvent, RequestStatus, Sitting, SittingStatus, SituationReport
from .report_documents import occasion


def _day(value):
    return timezone.localdate(value) if value else None


def _request_documents(meeting: Meeting, requests: list[ConveningRequest]) -> list[RecordDocument]:
    if not requests:
        return []
    last = requests[-1]
    org = meeting.organization.name
    # The report and the application are locked once sent: the last one sent is what prints.
    note = f"第{last.number}次报请召开（{last.get_status_display()}）"
    return [
        RecordDocument(
            kind="preparation_report", source=meeting, title=last.report.get("title") or "准备工作情况报告",
            author=org, day=_day(last.sent_at), note=note,
        ),
        RecordDocument(
            kind="convening_application", source=meeting, title=application_title(meeting),
            author=org, day=_day(last.sent_at), note=note,
        ),
    ]


def _request_decisions(requests: list[ConveningRequest]) -> list[Decision]:
    found = []
    for request in requests:
        subject = f"准备工作情况报告和召开申请（第{request.number}次报请）"
        found.append(Decision(what="报请召开", who=actor_name(request.sent_by), at=request.sent_at, subject=subject))
        if request.status != RequestStatus.PENDING and request.decided_at:
            agreed = f"同意于{request.agreed_on:%Y年%-m月%-d日}召开" if request.agreed_on else ""
            found.append(
                Decision(
                    what=request.get_status_display(),
                    who=actor_name(request.decided_by),
                    at=request.decided_at,
                    comment="；".join(x for x in (agreed, request.reason) if x),
                    subject=subject,
                )
            )
    return found


def _sitting_decisions(sittings: list[Sitting]) -> list[Decision]:
    found = []
    for sitting in sittings:
        subject = f"第{sitting.number}次会议"
        if sitting.halted_at:
            found.append(Decision(what="叫停", who=actor_name(sitting.halted_by), at=sitting.halted_at,
                                  comment=sitting.halt_reason, subject=subject))
        if sitting.minutes_finished_at:
            found.append(Decision(what="会议记录完成", who=actor_name(sitting.minutes_finished_by),
                                  at=sitting.minutes_finished_at, subject=subject))
    return found


def _report_documents(meeting: Meeting, reports: list[SituationReport]):
    documents, files = [], []
    org = meeting.organization.name
    for report in reports:
        documents.append(
            RecordDocument(
                kind="situation_report", source=report,
                title=f"{org}关于召开{occasion(meeting)}情况的报告", author=org, day=_day(report.sent_at),
                note=f"{report.get_state_display()}（{report.held_on:%Y-%m-%d}召开）",
            )
        )
        if report.scan:
            extension = report.scan.name.rsplit(".", 1)[-1].lower() if "." in report.scan.name else "bin"
            files.append(
                RecordFile(
                    name=f"召开情况报告盖章扫描件-{report.held_on:%Y%m%d}.{extension}",
                    title="召开情况报告（盖章扫描件）",
                    author=org,
                    day=_day(report.scan_uploaded_at),
                    read=stored_reader(report.scan),
                    note=report.scan_name,
                )
            )
        if report.notice_issued_at:
            documents.append(
                RecordDocument(
                    kind="meeting_notice", source=report, title=notice_title(meeting),
                    author=org, day=_day(report.notice_issued_at), note=f"通报范围：{report.notice_scope or '各党支部、全体党员'}",
                )
            )
    return documents, files


def notice_title(meeting: Meeting) -> str:
    return f"关于{meeting.organization.display_name}召开{occasion(meeting)}情况的通报"


@register_records(60)
def proceedings_records(meeting: Meeting) -> PhaseRecords | None:
    """Five queries (six with the organisation), however many sittings and reports."""
    requests = list(
        ConveningRequest.objects.filter(meeting=meeting)
        .select_related("sent_by__person", "decided_by__person")
        .order_by("number")
    )
    sittings = list(
        Sitting.objects.filter(meeting=meeting)
        .exclude(status=SittingStatus.PREPARED)
        .select_related("recorder", "halted_by__person", "minutes_finished_by__person")
        .order_by("number")
    )
    reports = list(SituationReport.objects.filter(meeting=meeting).exclude(sent_at=None).order_by("held_on"))
    has_agenda = AgendaItem.objects.filter(meeting=meeting).exists()
    if not (requests or sittings or reports or has_agenda):
        return None
    org = meeting.organization.name
    documents = _request_documents(meeting, requests)
    if has_agenda:
        documents.append(
            RecordDocument(kind="meeting_agenda", source=meeting, title=f"{meeting.title}会议议程", author=org,
                           day=meeting.held_on or meeting.agreed_on)
        )
    for sitting in sittings:
        documents.append(
            RecordDocument(
                kind="sitting_minutes", source=sitting,
                title=f"{meeting.title}会议记录" + (f"（第{sitting.number}次）" if len(sittings) > 1 else ""),
                author=sitting.recorder.name if sitting.recorder_id else org,
                day=_day(sitting.started_at) or meeting.held_on,
                note=sitting.get_status_display(),
            )
        )
    report_documents, files = _report_documents(meeting, reports)
    documents += report_documents
    decisions = _request_decisions(requests) + _sitting_decisions(sittings)
    decisions += decisions_from(
        ReportEvent.objects.filter(report__meeting=meeting).select_related("actor__person", "report"),
        subject=lambda event: f"召开情况报告（{event.report.held_on:%Y-%m-%d}召开）",
    )
    decisions.sort(key=lambda d: d.at)
    return PhaseRecords(phase="会议召开", folder="meeting", documents=documents, files=files, decisions=decisions)
