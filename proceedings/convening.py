"""The application to convene (召开申请), its sending with the preparation report, and the
upper level's decision (seeds 000 §四(二)1 and §五, 002 #1 §四, 004).

The moves are the meeting's own (`meetings.workflow`): `request_convening` sends, the
组织部's `approve_convening` agrees and fixes the date, `postpone` (暂缓召开) sends the
meeting back to preparation with a reason. The hooks below keep a frozen copy of what was
sent and the decision on it, whichever page made the move. The readiness gate is the
checklist (`meetings.services.convene_missing`): this phase adds its own required steps to
it (proceedings.phase_prep), so nothing is sent without a report and an application.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from meetings.access import MeetingAccess, ensure_not_archived
from meetings.dates import time_text
from meetings.models import Meeting, WorkPlan
from meetings.workflow import meeting_transition, on_transition

from .models import ConveningApplication, ConveningRequest, PreparationReport, RequestStatus
from .models.preparation import DEFAULT_LEAD_DAYS


class StaleApplicationError(Exception):
    MESSAGE = (
        "召开申请已被他人修改：在您编辑期间，其他人已保存了新的内容。为避免覆盖对方的修改，本次未保存；"
        "您填写的内容仍在下方，请核对后再保存。"
    )


# --- the application ----------------------------------------------------------------------


def _plan(meeting: Meeting) -> WorkPlan | None:
    return WorkPlan.objects.filter(meeting=meeting).prefetch_related("agenda").first()


def plan_agenda(meeting: Meeting) -> list[str]:
    """The agenda of the approved plan, item by item (seed 000: five items; 004: four)."""
    plan = _plan(meeting)
    return [item.text for item in plan.agenda.all()] if plan else []


def plan_attendees(meeting: Meeting) -> str:
    """出席、列席、到会指导 as the plan lists them, one line each."""
    plan = _plan(meeting)
    if plan is None:
        return ""
    org = meeting.organization
    lines = []
    if plan.guiding_leaders:
        lines.append(f"到会指导：{plan.guiding_leaders}")
    attendees = "、".join(p.name for p in plan.attendees.in_official_order(org))
    if attendees:
        lines.append(f"出席：{attendees}")
    non_voting = [p.name for p in plan.non_voting.in_official_order(org)]
    if plan.non_voting_note:
        non_voting.append(plan.non_voting_note)
    if non_voting:
        lines.append(f"列席：{'、'.join(non_voting)}")
    return "\n".join(lines)


def application_initial(meeting: Meeting) -> dict:
    """What a new application starts from: the plan's time, place, participants, agenda."""
    plan = _plan(meeting)
    return {
        "proposed_at": timezone.localtime(plan.starts_at) if plan and plan.starts_at else None,
        "place": plan.place if plan else "",
        "attendees": plan_attendees(meeting),
        "agenda": "\n".join(plan_agenda(meeting)),
        "lead_days": DEFAULT_LEAD_DAYS,
    }


def application_is_complete(application: ConveningApplication | None) -> bool:
    return bool(
        application and application.proposed_at and application.place.strip() and application.agenda_lines()
    )


def application_missing(application: ConveningApplication | None) -> list[str]:
    if application is None:
        return ["尚未填写"]
    missing = []
    if not application.proposed_at:
        missing.append("拟召开时间")
    if not application.place.strip():
        missing.append("会议地点")
    if not application.agenda_lines():
        missing.append("会议议程")
    return missing


@transaction.atomic
def application_save(
    *,
    meeting: Meeting,
    version: int | None,
    actor,
    proposed_at,
    place: str,
    attendees: str,
    agenda: str,
    lead_days: int,
) -> ConveningApplication:
    """Create the application or save the office's edits, refusing a stale form."""
    ensure_editable(meeting)
    fields = {
        "proposed_at": proposed_at,
        "place": place.strip(),
        "attendees": attendees.strip(),
        "agenda": "\n".join(line.strip() for line in agenda.splitlines() if line.strip()),
        "lead_days": lead_days,
        "updated_at": timezone.now(),
        "updated_by": actor,
    }
    application = ConveningApplication.objects.select_for_update().filter(meeting=meeting).first()
    if application is None:
        try:
            with transaction.atomic():
                return ConveningApplication.objects.create(meeting=meeting, **fields)
        except IntegrityError:  # another office created it a moment ago: theirs is kept
            raise StaleApplicationError(StaleApplicationError.MESSAGE) from None
    updated = ConveningApplication.objects.filter(pk=application.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise StaleApplicationError(StaleApplicationError.MESSAGE)
    application.refresh_from_db()
    return application


# --- the branch rule: N days ahead --------------------------------------------------------


@dataclass(frozen=True)
class LeadTime:
    """Seed 002 方案1 §四, 方案8 (三)2: the materials reach the upper level N days before."""

    days_ahead: int | None  # from today to the proposed day
    required: int

    @property
    def short(self) -> bool:
        return self.days_ahead is not None and self.days_ahead < self.required

    @property
    def warning(self) -> str:
        if not self.short:
            return ""
        if self.days_ahead < 0:
            return f"拟召开日期已过，请修改召开申请中的拟召开时间（方案和准备情况须在会前{self.required}天报上级审核）。"
        return (
            f"拟召开日期距今仅{self.days_ahead}天，少于会前{self.required}天报上级审核的要求；"
            "请与上级沟通，或推后拟召开日期。"
        )


def lead_time(application: ConveningApplication | None, today: date | None = None) -> LeadTime:
    if application is None or application.proposed_at is None:
        return LeadTime(None, application.lead_days if application else DEFAULT_LEAD_DAYS)
    today = today or timezone.localdate()
    proposed = timezone.localtime(application.proposed_at).date()
    return LeadTime((proposed - today).days, application.lead_days)


def application_content(application: ConveningApplication | None) -> dict:
    """The application as text: what is frozen when sent and what its document prints."""
    if application is None:
        return {}
    when = timezone.localtime(application.proposed_at) if application.proposed_at else None
    return {
        "proposed": time_text(when, "（待定）"),
        "proposed_day": when.date().isoformat() if when else "",
        "place": application.place,
        "attendees": [line for line in application.attendees.splitlines() if line.strip()],
        "agenda": application.agenda_lines(),
        "lead_days": application.lead_days,
    }


def report_content(report: PreparationReport | None) -> dict:
    if report is None:
        return {}
    return {"title": report.title, "sections": report.sections}


def _request_lines(request: ConveningRequest) -> list[tuple[str, list[str]]]:
    report = request.report or {}
    sections = [
        (section["heading"] or ("开头" if section["key"] == "preface" else "结尾"), section["text"].splitlines())
        for section in report.get("sections", [])
    ]
    application = request.application or {}
    if application:
        sections.append((
            "召开申请",
            [f"拟召开时间：{application.get('proposed', '')}", f"会议地点：{application.get('place', '')}"]
            + application.get("attendees", [])
            + [f"议程：{item}" for item in application.get("agenda", [])],
        ))
    return sections


def request_changes(request: ConveningRequest):
    """What changed since the previous sending (after a postponement): the upper level
    sees whether its opinion was taken up. None for the first sending."""
    from meetings.textdiff import sections_diff

    previous = request.meeting.convening_requests.filter(number__lt=request.number).order_by("-number").first()
    if previous is None:
        return None
    return previous, sections_diff(_request_lines(previous), _request_lines(request))


# --- the moves ----------------------------------------------------------------------------


def latest_request(meeting: Meeting) -> ConveningRequest | None:
    return meeting.convening_requests.order_by("-number").first()


def convening_request(*, meeting: Meeting, access: MeetingAccess, actor, note: str = ""):
    """Send the report and the application up (报请召开), through the meeting's move."""
    ensure_not_archived(meeting, "召开申请")
    return meeting_transition(meeting=meeting, name="request_convening", actor=actor, access=access, note=note)


def convening_approve(*, meeting: Meeting, access: MeetingAccess, actor, agreed_on: date, note: str = ""):
    """The 组织部 agrees to convene on `agreed_on` (同意召开)."""
    return meeting_transition(
        meeting=meeting, name="approve_convening", actor=actor, access=access, note=note, on_date=agreed_on
    )


def convening_postpone(*, meeting: Meeting, access: MeetingAccess, actor, reason: str):
    """The upper level postpones (暂缓召开): back to preparation, the reason kept for the office."""
    return meeting_transition(meeting=meeting, name="postpone", actor=actor, access=access, note=reason)


@on_transition("request_convening")
def _freeze_what_was_sent(*, meeting, actor, note, at):
    report = PreparationReport.objects.filter(meeting=meeting).first()
    application = ConveningApplication.objects.filter(meeting=meeting).first()
    number = (meeting.convening_requests.aggregate(n=Max("number"))["n"] or 0) + 1
    ConveningRequest.objects.create(
        meeting=meeting,
        number=number,
        report=report_content(report),
        application=application_content(application),
        sent_by=actor,
        sent_at=at,
        days_ahead=lead_time(application, timezone.localdate(at)).days_ahead,
    )


@on_transition("approve_convening")
def _record_consent(*, meeting, actor, note, at):
    ConveningRequest.objects.filter(meeting=meeting, status=RequestStatus.PENDING).update(
        status=RequestStatus.APPROVED, decided_by=actor, decided_at=at, agreed_on=meeting.agreed_on, reason=note
    )


@on_transition("postpone")
def _record_postponement(*, meeting, actor, note, at):
    latest = latest_request(meeting)
    if latest is not None:
        ConveningRequest.objects.filter(pk=latest.pk).update(
            status=RequestStatus.POSTPONED, decided_by=actor, decided_at=at, reason=note
        )


@on_transition("halt")
def _record_halt(*, meeting, actor, note, at):
    """A halt before the meeting closes the request under review: a new one follows."""
    ConveningRequest.objects.filter(meeting=meeting, status=RequestStatus.PENDING).update(
        status=RequestStatus.HALTED, decided_by=actor, decided_at=at, reason=note
    )


# --- who sees what ------------------------------------------------------------------------

# The report and the application are the office's work and the upper level's to decide on;
# the secretary reads them. Team members are not shown them (a wrong role gets 404, as an
# outsider does: no hint of what is behind the link).
READERS = ("office", "secretary", "supervisor")


def get_meeting_for_convening(user, pk, *, roles: tuple[str, ...] = READERS):
    """The meeting and the person's access, or 404 unless they hold one of `roles`."""
    from django.http import Http404

    from meetings.access import meeting_access

    meeting = Meeting.objects.select_related("organization").filter(pk=pk).first()
    if meeting is None:
        raise Http404("会议不存在")
    access = meeting_access(user, meeting)
    if not access.roles.intersection(roles):
        raise Http404("会议不存在")
    return meeting, access


# Preparing: the report and the application may be compiled and edited; once sent, they
# wait for the decision (a postponement brings the meeting back to 会前准备).
EDITABLE_STAGES = ("preparing", "plan_review", "pre_meeting", "halted")


def ensure_editable(meeting: Meeting) -> None:
    from django.core.exceptions import PermissionDenied

    ensure_not_archived(meeting, "准备工作情况报告和召开申请")
    if meeting.stage not in EDITABLE_STAGES:
        raise PermissionDenied(f"会议处于“{meeting.get_stage_display()}”阶段，准备工作情况报告和召开申请不能修改。")
