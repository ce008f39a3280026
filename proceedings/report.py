"""The situation report (召开情况报告): its deadline, its facts, and every write to it.

Seeds 000 §四(三)4 and 002 方案2 / 方案8: within 15 days of the meeting the situation is
reported to the upper level; seed 003 §六(一)(二): the report goes to the 组织部 and the
meeting is notified to the subordinate organisations. Here the office compiles the draft
from the records (never typed from scratch), edits its sections, sends it; the upper
组织部 acknowledges it (阅知), with a note if it wants. Sending freezes the text and
completes the meeting's 召开情况报告 milestone.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from meetings.access import Role, ensure_not_archived
from meetings.dates import held_date, situation_report_due
from meetings.models import Meeting, MilestoneKind, Stage
from meetings.workflow import Transition, acting_bodies, body_may
from notifications.services import notify
from organizations.models import OrganizationKind, SupervisorBody, TeamPosition, team_title
from organizations.selectors import office_users, supervisor_users

from .models import ReportEvent, ReportSection, ReportState, SectionKey, SituationReport
from .report_access import ReportAccess
from .report_text import Attendance, ReportFacts, compile_sections

# The meeting has been held and not halted: there is something to report on.
REPORT_STAGES = {Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED}


class ReportError(Exception):
    """A write that is not allowed now; the message is shown to the person as is."""


class SectionConflict(Exception):
    """Someone saved this section after it was loaded here; `current` is what they saved."""

    def __init__(self, current: ReportSection, actor=None):
        self.current = current
        if current.updated_by_id is None or actor is not None and current.updated_by_id == actor.pk:
            where = "在您的另一个窗口中"
        else:
            person = getattr(current.updated_by, "person", None)
            where = f"由{person.name if person else current.updated_by.username}"
        when = timezone.localtime(current.updated_at).strftime("%H:%M:%S")
        super().__init__(
            f"这一部分已于{when}{where}保存过（第{current.version}版）。"
            "为避免覆盖，您这次的修改没有保存；两份内容都保留在这里，请核对后选择保留哪一份。"
        )


# --- the deadline ---------------------------------------------------------------------


def report_due(meeting: Meeting) -> date | None:
    """When the report is due: the 召开情况报告 milestone's date (set to 15 calendar days
    after the held day when the meeting is recorded held, or a date the office typed),
    else 15 days after the held day."""
    due = next((m.due_date for m in meeting.milestones.all() if m.kind == MilestoneKind.REPORT), None)
    if due is None and held_date(meeting):
        due = situation_report_due(held_date(meeting))
    return due


@dataclass(frozen=True)
class Punctuality:
    """Whether the report is (or was) on time, said in words: the page colours late ones
    red, and the words say it for anyone who cannot see the colour."""

    label: str
    late: bool
    days: int = 0  # days late (or, not yet due, days left)

    @property
    def css(self) -> str:
        return "overdue" if self.late else ("done" if "按期" in self.label else "")


def punctuality(*, due: date | None, sent_at, today: date) -> Punctuality:
    if sent_at is not None:
        sent_day = timezone.localdate(sent_at)
        if due is not None and sent_day > due:
            late = (sent_day - due).days
            return Punctuality(f"逾期{late}天报送", True, late)
        return Punctuality("按期报送", False)
    if due is None:
        return Punctuality("未定截止日期", False)
    left = (due - today).days
    if left < 0:
        return Punctuality(f"已逾期{-left}天，尚未报送", True, -left)
    if left == 0:
        return Punctuality("今天到期，尚未报送", False, 0)
    return Punctuality(f"还剩{left}天", False, left)


def report_punctuality(meeting: Meeting, report: SituationReport | None, today: date | None = None) -> Punctuality:
    sent_at = report.sent_at if report is not None and report.is_sent else None
    return punctuality(due=report_due(meeting), sent_at=sent_at, today=today or timezone.localdate())


# --- the facts the report states -------------------------------------------------------


def team_word(org) -> str:
    """县政府办党组班子 (seed 004); a branch's meeting is its members' (党支部)."""
    return org.display_name if org.kind in OrganizationKind.branch_kinds() else f"{org.display_name}班子"


def member_word(org) -> str:
    return "党员" if org.kind in OrganizationKind.branch_kinds() else team_title(org.kind, TeamPosition.MEMBER)


def default_addressee(meeting: Meeting) -> str:
    """The upper 组织部 (seed 003 §六(一): 报县委组织部); a branch reports to the 党委 above."""
    parent = meeting.organization.parent
    if parent is None:
        return "上级党组织"
    if meeting.organization.kind in OrganizationKind.branch_kinds():
        return parent.display_name
    return f"{parent.display_name}组织部"


def report_facts(meeting: Meeting) -> ReportFacts:
    """What the report states, from the records: the minutes of the sitting held, the
    preparation figures and the materials (see report_sources)."""
    from . import report_sources

    org = meeting.organization
    occasion = f"{meeting.year}年度{'专题' if meeting.is_special else ''}{meeting.get_kind_display()}"
    plan = report_sources.plan_of(meeting)
    secretary = report_sources.secretary_name(meeting)
    minutes = report_sources.minutes_facts(meeting, plan)
    return ReportFacts(
        organization=org.name,
        short_name=org.display_name,
        team=team_word(org),
        member_word=member_word(org),
        meeting_title=meeting.title,
        occasion=occasion,
        theme=meeting.theme or "",
        held_on=held_date(meeting) or timezone.localdate(),
        place=(plan.place if plan else "") or "",
        chair=minutes.chair or (plan.chair.name if plan and plan.chair else secretary),
        secretary=secretary,
        attendance=minutes.attendance or Attendance(0, 0),
        agenda=minutes.agenda,
        criticisms=minutes.criticisms,
        comments=minutes.comments,
        problems=report_sources.problems_by_aspect(meeting),
        preparation=report_sources.preparation_sentences(meeting),
        carried_over=report_sources.carried_over(meeting),
        duration_minutes=minutes.duration_minutes,
        addressee=default_addressee(meeting),
    )


def current_report(meeting: Meeting) -> SituationReport | None:
    """The report on the meeting as held (after a 叫停 and a new sitting, the new one's)."""
    if not meeting.held_on:
        return None
    return SituationReport.objects.filter(meeting=meeting, held_on=meeting.held_on).first()


# --- writing -----------------------------------------------------------------------------


def _ensure_editable(meeting: Meeting, report: SituationReport | None = None) -> None:
    ensure_not_archived(meeting, "召开情况报告")
    if meeting.stage not in REPORT_STAGES or not meeting.held_on:
        raise ReportError(f"会议当前处于“{meeting.get_stage_display()}”阶段，召开后才能撰写召开情况报告。")
    if report is not None and not report.is_draft:
        raise ReportError(f"报告{report.get_state_display()}，不能再修改。")


def _event(report, *, action, actor, note="", source="", target="", at=None) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, action=action, actor=actor, note=note, from_state=source, to_state=target,
        at=at or timezone.now(),
    )


@transaction.atomic
def report_compile(*, meeting: Meeting, actor) -> SituationReport:
    """The draft, compiled from the records; the existing report if there is one (two
    clicks, two tabs: one report)."""
    existing = current_report(meeting)
    if existing is not None:
        return existing
    _ensure_editable(meeting)
    facts = report_facts(meeting)
    try:
        with transaction.atomic():
            report = SituationReport.objects.create(
                meeting=meeting, held_on=meeting.held_on, addressee=facts.addressee, compiled_by=actor
            )
    except IntegrityError:
        return SituationReport.objects.get(meeting=meeting, held_on=meeting.held_on)
    texts = compile_sections(facts)
    ReportSection.objects.bulk_create(
        [
            ReportSection(report=report, key=key, order=order, text=texts[key], compiled_text=texts[key], updated_by=actor)
            for order, key in enumerate(SectionKey.values)
        ]
    )
    _event(report, action="生成草稿", actor=actor, target=ReportState.DRAFT)
    return report


def _locked_section(report: SituationReport, key: str) -> ReportSection:
    return ReportSection.objects.select_for_update(of=("self",)).select_related("updated_by__person").get(
        report=report, key=key
    )


@transaction.atomic
def report_section_save(*, report: SituationReport, key: str, text: str, version: int, actor) -> ReportSection:
    """Save the office's wording of one section, unless someone saved it since `version`
    was loaded (SectionConflict: nothing is lost, the page shows both texts)."""
    _ensure_editable(report.meeting, SituationReport.objects.select_for_update().get(pk=report.pk))
    section = _locked_section(report, key)
    text = text.strip()
    if section.text == text:
        return section  # the same words again: no conflict, nothing to save
    if section.version != version:
        raise SectionConflict(section, actor)
    section.text = text
    section.version += 1
    section.updated_by = actor
    section.save(update_fields=["text", "version", "updated_at", "updated_by"])
    return section


@transaction.atomic
def report_section_refresh(*, report: SituationReport, key: str, version: int, actor) -> ReportSection:
    """Replace a section by what the records say now (数据已更新: the office asked for it)."""
    _ensure_editable(report.meeting, SituationReport.objects.select_for_update().get(pk=report.pk))
    section = _locked_section(report, key)
    if section.version != version:
        raise SectionConflict(section, actor)
    fresh = compile_sections(report_facts(report.meeting))[key]
    section.text = section.compiled_text = fresh
    section.version += 1
    section.updated_by = actor
    section.save(update_fields=["text", "compiled_text", "version", "updated_at", "updated_by"])
    return section


def report_addressee_set(*, report: SituationReport, addressee: str, actor) -> SituationReport:
    _ensure_editable(report.meeting, report)
    report.addressee = addressee.strip()
    report.save(update_fields=["addressee"])
    return report


def stale_sections(report: SituationReport) -> set[str]:
    """The sections whose records changed since they were compiled (数据已更新)."""
    if not report.is_draft:
        return set()
    fresh = compile_sections(report_facts(report.meeting))
    return {s.key for s in report.sections.all() if s.compiled_text != fresh[s.key]}


# --- the report's moves ----------------------------------------------------------------

S = ReportState
TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "send", "报送上级", (S.DRAFT,), S.SENT, (Role.OFFICE,),
            help_text="报送后文本即定稿，上级组织部阅知；请同时上传盖章后的扫描件。",
        ),
        Transition(
            "withdraw", "撤回修改", (S.SENT,), S.DRAFT, (Role.OFFICE,), needs_note=True, style="secondary",
            help_text="上级阅知前发现错误时撤回，修改后重新报送；须说明原因。",
        ),
        Transition(
            "acknowledge", "阅知", (S.SENT,), S.ACKNOWLEDGED, (Role.SUPERVISOR,),
            help_text="确认已收到并审阅召开情况报告；可以附上意见。",
            bodies=(SupervisorBody.ORGANIZATION_DEPARTMENT,),
        ),
    ]
}


def available_moves(report: SituationReport | None, meeting: Meeting, access: ReportAccess) -> list[Transition]:
    if report is None or meeting.stage == Stage.ARCHIVED or meeting.stage not in REPORT_STAGES:
        return []
    return [
        t for t in TRANSITIONS.values()
        if report.state in t.sources and access.roles.intersection(t.roles) and body_may(t, meeting, access.meeting)
    ]


def frozen_text(report: SituationReport) -> dict:
    return {
        "addressee": report.addressee,
        "sections": [[s.key, s.text] for s in report.sections.all()],
    }


@transaction.atomic
def report_transition(*, report: SituationReport, name: str, actor, access: ReportAccess, note: str = "") -> ReportEvent:
    """Move the report by the named transition, or raise ReportError saying why not."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ReportError("未知的操作。")
    locked = SituationReport.objects.select_for_update(of=("self",)).select_related("meeting__organization").get(pk=report.pk)
    meeting = locked.meeting
    ensure_not_archived(meeting, "召开情况报告")
    if meeting.stage not in REPORT_STAGES or meeting.held_on != locked.held_on:
        raise ReportError(f"会议当前处于“{meeting.get_stage_display()}”阶段，这份报告不能再流转。")
    if locked.state not in transition.sources:
        raise ReportError(f"报告{locked.get_state_display()}，不能“{transition.label}”。")
    if not access.roles.intersection(transition.roles):
        raise ReportError(f"只有{'、'.join(Role.LABELS[r] for r in transition.roles)}可以“{transition.label}”。")
    if not body_may(transition, meeting, access.meeting):
        bodies = "、".join(SupervisorBody(b).label for b in acting_bodies(transition, meeting))
        raise ReportError(f"只有上级{bodies}可以“{transition.label}”。")
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise ReportError(f"“{transition.label}”须填写说明。")

    now = timezone.now()
    source = locked.state
    locked.state = transition.target
    fields = ["state"]
    milestone = meeting.milestones.filter(kind=MilestoneKind.REPORT)
    if name == "send":
        locked.sent_at, locked.sent_by, locked.sent_text = now, actor, frozen_text(locked)
        fields += ["sent_at", "sent_by", "sent_text"]
        milestone.filter(done_at__isnull=True).update(done_at=now, done_by=actor)
    elif name == "withdraw":
        locked.sent_at, locked.sent_by, locked.sent_text = None, None, None
        fields += ["sent_at", "sent_by", "sent_text"]
        milestone.update(done_at=None, done_by=None)
    elif name == "acknowledge":
        locked.acknowledged_at, locked.acknowledged_by, locked.acknowledgement_note = now, actor, note
        fields += ["acknowledged_at", "acknowledged_by", "acknowledgement_note"]
    locked.save(update_fields=fields)
    event = _event(locked, action=transition.label, actor=actor, note=note, source=source, target=locked.state, at=now)
    for f in fields:
        setattr(report, f, getattr(locked, f))
    transaction.on_commit(lambda: report_move_notify(event_id=event.pk))
    return event


def report_move_notify(*, event_id: int) -> None:
    """Sent: the upper level hears; withdrawn: so does it; acknowledged: the office hears."""
    event = ReportEvent.objects.select_related("report__meeting__organization").get(pk=event_id)
    meeting = event.report.meeting
    org = meeting.organization
    url = reverse("proceedings:report", args=[meeting.pk])
    if event.to_state == S.ACKNOWLEDGED:
        recipients = list(office_users(org))
        body = f"上级已阅知{org.display_name}的召开情况报告。" + (f"\n阅知意见：{event.note}" if event.note else "")
    else:
        recipients = list(supervisor_users(org))
        body = f"{org.display_name}{event.action}召开情况报告。" + (f"\n说明：{event.note}" if event.note else "")
    notify(
        recipients=[u for u in recipients if u.pk != event.actor_id],
        title=f"召开情况报告{event.action}：{meeting.title}",
        body=body,
        url=url,
    )


# --- the scan and the notice ---------------------------------------------------------------


def report_scan_attach(*, report: SituationReport, upload, actor) -> SituationReport:
    """Keep the stamped, signed paper report (a scan) beside the generated one; a new scan
    replaces the previous one (the record says so)."""
    ensure_not_archived(report.meeting, "召开情况报告")
    if not report.is_sent:
        raise ReportError("请先报送报告，再上传盖章后的扫描件。")
    previous = report.scan.name if report.scan else ""
    report.scan_name = upload.name[:200]
    report.scan_size = upload.size
    report.scan_uploaded_at = timezone.now()
    report.scan_uploaded_by = actor
    report.scan.save(upload.name, upload, save=False)
    report.save(update_fields=["scan", "scan_name", "scan_size", "scan_uploaded_at", "scan_uploaded_by"])
    replaced = bool(previous)
    if replaced and previous != report.scan.name:
        # Only once the new scan is stored and recorded: a failed upload keeps the old one.
        report.scan.storage.delete(previous)
    _event(report, action="更换扫描件" if replaced else "上传扫描件", actor=actor, note=report.scan_name)
    return report


def notice_issue(*, report: SituationReport, scope: str, actor) -> SituationReport:
    """Issue the notice (通报) to the subordinate organisations and the members: from now
    on every participant may read it. Seed 003 §六(二)."""
    ensure_not_archived(report.meeting, "通报")
    if not report.is_sent:
        raise ReportError("召开情况报告报送后才能印发通报。")
    if report.notice_issued_at is not None:
        raise ReportError("通报已印发。")
    report.notice_issued_at, report.notice_issued_by, report.notice_scope = timezone.now(), actor, scope.strip()
    report.save(update_fields=["notice_issued_at", "notice_issued_by", "notice_scope"])
    _event(report, action="印发通报", actor=actor, note=report.notice_scope)
    transaction.on_commit(lambda: _notice_notify(report))
    return report


def _notice_notify(report: SituationReport) -> None:
    from organizations.selectors import participant_users

    meeting = report.meeting
    notify(
        recipients=[u for u in participant_users(meeting.organization) if u.pk != report.notice_issued_by_id],
        title=f"通报：{meeting.title}召开情况",
        body=f"{meeting.organization.display_name}已印发{meeting.title}召开情况的通报。",
        url=reverse("proceedings:notice", args=[meeting.pk]),
    )
