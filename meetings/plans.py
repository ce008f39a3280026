"""The work plan: creating it with defaults, editing it, freezing it for review, diffing.

The plan is edited only by the organisation's office, only while the meeting is in 筹备
(not under review, not after approval — a change after approval goes through 调整方案,
which takes the meeting back to 筹备 for a new submission).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from organizations.models import Department, Person, StaffKind, TeamPosition

from . import plan_defaults
from .dates import meeting_dates, report_due_is_automatic, situation_report_due, time_text
from .models import (
    Meeting,
    MeetingAspect,
    MeetingKind,
    Milestone,
    MilestoneKind,
    PlanAgendaItem,
    PlanDuty,
    PlanStep,
    PlanSubmission,
    Stage,
    StepPhase,
    SubmissionStatus,
    WorkPlan,
)
from .textdiff import SectionDiff, sections_diff

CN_NUMBERS = "一二三四五六七八九十"


class PlanLocked(Exception):
    """The plan cannot be edited in the meeting's current stage."""


class PlanConflict(Exception):
    """Someone else saved the plan after this form was loaded."""

    MESSAGE = (
        "这份方案已被他人修改：在您编辑期间，其他人已修改并保存了这份方案。为避免覆盖对方的修改，本次未保存；"
        "您填写的内容仍在下方，对方保存的版本见页面顶部，请核对后再保存。"
    )


def _team_people(meeting: Meeting) -> list[Person]:
    return [seat.person for seat in meeting.organization.team.select_related("person").in_rank_order()]


def plan_participants_default(meeting: Meeting) -> list[Person]:
    """出席: the team for a 民主生活会; the branch's party members too for a 组织生活会."""
    people = _team_people(meeting)
    if meeting.kind == MeetingKind.ORGANIZATION_LIFE:
        seen = {p.pk for p in people}
        people += [
            p
            for p in Person.objects.filter(branch=meeting.organization, is_party_member=True).in_official_order()
            if p.pk not in seen
        ]
    return people


@transaction.atomic
def plan_create_default(*, meeting: Meeting) -> WorkPlan:
    """Create the meeting's plan filled with the defaults for its kind (idempotent)."""
    existing = WorkPlan.objects.filter(meeting=meeting).first()
    if existing:
        return existing
    org = meeting.organization
    secretary = org.team.filter(position=TeamPosition.SECRETARY).select_related("person").first()
    office = org.staff.filter(kind=StaffKind.OFFICE).select_related("person").first()
    plan = WorkPlan.objects.create(
        meeting=meeting,
        basis=plan_defaults.basis_for(meeting),
        chair=secretary.person if secretary else None,
        recorder=office.person if office else None,
    )
    plan.attendees.set(plan_participants_default(meeting))
    steps = plan_defaults.steps_for(meeting.kind)
    dates = {m.kind: m.due_date for m in meeting.milestones.all()}
    PlanStep.objects.bulk_create(
        PlanStep(
            plan=plan,
            phase=phase,
            order=i,
            title=title,
            text=text,
            milestone=milestone,
            due_date=dates.get(milestone) if milestone else None,
        )
        for i, (phase, title, text, milestone) in enumerate(steps, start=1)
    )
    PlanAgendaItem.objects.bulk_create(
        PlanAgendaItem(plan=plan, order=i, text=text)
        for i, text in enumerate(plan_defaults.agenda_for(meeting.kind), start=1)
    )
    departments = {d.name: d for d in Department.objects.filter(organization=org)}
    office_person = office.person if office else None
    PlanDuty.objects.bulk_create(
        PlanDuty(
            plan=plan,
            order=i,
            task=task,
            department=departments.get(name),
            # what no department of this organisation takes on falls to its office
            person=None if departments.get(name) else office_person,
        )
        for i, (name, task) in enumerate(plan_defaults.duties_for(meeting.kind), start=1)
    )
    return plan


def plan_ensure_editable(plan: WorkPlan) -> None:
    stage = plan.meeting.stage
    if stage == Stage.PLAN_REVIEW:
        raise PlanLocked("方案正在上级审批中，不能修改。如需修改，请等待审批结果或由上级退回。")
    if stage != Stage.PREPARING:
        raise PlanLocked(
            f"会议处于“{plan.meeting.get_stage_display()}”阶段，方案已获批准，不能直接修改；"
            "如需调整，请先“调整方案”，修改后重新报审。"
        )


@dataclass
class PlanEdit:
    """Everything a save of the plan form changes."""

    fields: dict
    theme: str
    attendees: list
    non_voting: list
    aspects: list[tuple[str, str]]
    steps: list[dict]
    agenda: list[str]
    duties: list[dict]


@transaction.atomic
def plan_update(*, plan: WorkPlan, version: int, edit: PlanEdit, actor) -> WorkPlan:
    plan_ensure_editable(plan)
    updated = WorkPlan.objects.filter(pk=plan.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=actor, **edit.fields
    )
    if not updated:
        raise PlanConflict(PlanConflict.MESSAGE)
    meeting = plan.meeting
    Meeting.objects.filter(pk=meeting.pk).update(
        theme=edit.theme, version=F("version") + 1, updated_at=timezone.now()
    )
    plan.attendees.set(edit.attendees)
    plan.non_voting.set(edit.non_voting)
    meeting.aspects.all().delete()
    MeetingAspect.objects.bulk_create(
        MeetingAspect(meeting=meeting, order=i, title=t, description=d)
        for i, (t, d) in enumerate(edit.aspects, start=1)
    )
    plan.steps.all().delete()
    PlanStep.objects.bulk_create(PlanStep(plan=plan, order=i, **s) for i, s in enumerate(edit.steps, start=1))
    plan.agenda.all().delete()
    PlanAgendaItem.objects.bulk_create(
        PlanAgendaItem(plan=plan, order=i, text=t) for i, t in enumerate(edit.agenda, start=1)
    )
    _duties_replace(plan, edit.duties)
    plan.refresh_from_db()
    plan_sync_milestones(plan=plan)
    return plan


def _duties_replace(plan: WorkPlan, duties: list[dict]) -> None:
    """Keep done marks of duties whose task is unchanged; replace the rest."""
    done = {d.task: (d.done_at, d.done_by_id) for d in plan.duties.all() if d.done_at}
    plan.duties.all().delete()
    PlanDuty.objects.bulk_create(
        PlanDuty(
            plan=plan,
            order=i,
            done_at=done.get(d["task"], (None, None))[0],
            done_by_id=done.get(d["task"], (None, None))[1],
            **d,
        )
        for i, d in enumerate(duties, start=1)
    )


def plan_sync_milestones(*, plan: WorkPlan) -> None:
    """The plan's dates become the meeting's milestones (seed 002: 完成时间：xxxx)."""
    dates: dict[str, date | None] = {}
    for step in plan.steps.all():
        if step.milestone:
            dates[step.milestone] = step.due_date
    current = dict(Milestone.objects.filter(meeting=plan.meeting).values_list("kind", "due_date"))
    if plan.starts_at:
        meeting_day = timezone.localtime(plan.starts_at).date()
        dates[MilestoneKind.MEETING] = meeting_day
        if not plan.meeting.held_on and report_due_is_automatic(
            current.get(MilestoneKind.REPORT), current.get(MilestoneKind.MEETING)
        ):
            # Within 15 days of the meeting (seed 000 §四(三)4); fixed again when it is held.
            dates[MilestoneKind.REPORT] = situation_report_due(meeting_day)
    for milestone in Milestone.objects.filter(meeting=plan.meeting, kind__in=list(dates)):
        if milestone.due_date != dates[milestone.kind]:
            milestone.due_date = dates[milestone.kind]
            milestone.save(update_fields=["due_date"])


def duty_toggle(*, duty: PlanDuty, actor) -> PlanDuty:
    if duty.done_at:
        duty.done_at, duty.done_by = None, None
    else:
        duty.done_at, duty.done_by = timezone.now(), actor
    duty.save(update_fields=["done_at", "done_by"])
    return duty


# --- the plan as text: frozen for review, printed, diffed ---------------------------------


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "（待定）"


def _names(people) -> str:
    return "、".join(p.name for p in people) or "（未定）"


def plan_title(meeting: Meeting) -> str:
    return f"{meeting.organization.display_name}{meeting.year}年度{'专题' if meeting.is_special else ''}{meeting.get_kind_display()}工作方案"


def plan_content(plan: WorkPlan, *, duties=None) -> dict:
    """The plan as ordered sections of text: what is frozen, printed and compared.

    `duties`: the plan's duties with department and person, when the caller has read them.
    """
    meeting = plan.meeting
    kind = meeting.get_kind_display()
    time_line = time_text(meeting_dates(meeting, plan=plan).planned, "（待定）") + (f"，会期{plan.duration}" if plan.duration else "") + (f"，地点：{plan.place}" if plan.place else "")
    participants = []
    if plan.guiding_leaders:
        participants.append(f"到会指导：{plan.guiding_leaders}")
    participants.append(f"出席：{_names(plan.attendees.in_official_order(meeting.organization))}")
    non_voting_people = list(plan.non_voting.in_official_order(meeting.organization))
    non_voting = _names(non_voting_people) if non_voting_people else ""
    if plan.non_voting_note:
        non_voting = "、".join(x for x in (non_voting, plan.non_voting_note) if x)
    if non_voting:
        participants.append(f"列席：{non_voting}")
    participants.append(
        f"主持：{plan.chair.name if plan.chair else '（未定）'}；记录：{plan.recorder.name if plan.recorder else '（未定）'}"
    )
    aspects = list(meeting.aspects.all())
    theme_lines = [f"这次{kind}的主题是：{meeting.theme or '（待定）'}"]
    if aspects:
        theme_lines.append(f"重点从以下{len(aspects)}个方面进行对照检查：")
        theme_lines += [
            f"{CN_NUMBERS[i] if i < 10 else i + 1}是{a.title}。{a.description}".rstrip()
            for i, a in enumerate(aspects)
        ]
    steps = {phase: [] for phase in StepPhase.values}
    for step in plan.steps.all():
        steps[step.phase].append(step)
    method = []
    for index, phase in enumerate(StepPhase):
        method.append(f"（{CN_NUMBERS[index]}）{phase.label}")
        for number, step in enumerate(steps[phase.value], start=1):
            due = f"（完成时间：{_date(step.due_date)}）" if step.due_date else ""
            method.append(f"{number}.{step.title}{due}")
            if step.text:
                method.append(step.text)
        if phase == StepPhase.DURING:
            agenda = list(plan.agenda.all())
            chair = plan.chair.name if plan.chair else "书记"
            method.append(f"会议议程：会议由{chair}主持，共{len(agenda)}项议程。")
            method += [f"（{i}）{item.text}；" for i, item in enumerate(agenda, start=1)]
            method.append(
                f"个人发言一般在{plan.speech_minutes}分钟左右，对发言人开展批评一般在{plan.criticism_minutes}分钟左右。"
            )
    duties = ["根据有关要求，结合工作职责，现作如下分工："] + [
        f"{d.responsible_label}：{d.task}" + (f"（{_date(d.deadline)}前完成）" if d.deadline else "")
        for d in (plan.duties.select_related("department", "person") if duties is None else duties)
    ]
    return {
        "title": plan_title(meeting),
        "basis": plan.basis,
        "sections": [
            ["一、会议时间", [time_line]],
            ["二、参会人员", [f"{i}.{p}" for i, p in enumerate(participants, start=1)]],
            ["三、会议主题", theme_lines],
            ["四、方法步骤", method],
            ["五、职责分工", duties],
        ],
    }


# --- review: comparing frozen versions (the decisions are in plan_review) -----------------


def _content_lines(content: dict) -> list[tuple[str, list[str]]]:
    return [("标题", [content["title"]]), ("制定依据", [content["basis"]])] + [
        (title, lines) for title, lines in content["sections"]
    ]


def _unnumbered(line: str) -> str:
    return re.sub(r"^\d+\.", "", line)


def plan_diff(old: dict, new: dict) -> list[SectionDiff]:
    """What changed between two frozen versions, section by section, readable as text.

    Lines are matched without their leading "1." numbers: inserting one line renumbers
    the rest, which is not a change worth showing.
    """
    return sections_diff(_content_lines(old), _content_lines(new), normalise=_unnumbered)


def submission_to_compare(submission: PlanSubmission) -> PlanSubmission | None:
    """The version the reviewer last returned, to show what changed since."""
    return (
        PlanSubmission.objects.filter(
            plan_id=submission.plan_id, number__lt=submission.number, status=SubmissionStatus.RETURNED
        )
        .order_by("-number")
        .first()
    )
