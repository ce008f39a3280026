"""The meetings of the measuring county: every stage, every lateness (`manage.py seed_county`).

The rows are those meeting_create, plan_create_default, milestones_schedule, plan
submission and meeting_transition would have made — aspects from the template, one
milestone per kind, the plan with its steps, agenda and duties, the submissions with both
bodies' decisions, one StageChange per move — written in bulk, without the transition's
notifications. Dates are relative to the county's fixed "today".
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from organizations.models import OrganizationKind

from . import plan_defaults
from .models import (
    AspectTemplate,
    Meeting,
    MeetingAspect,
    MeetingKind,
    Milestone,
    MilestoneKind,
    PlanAgendaItem,
    PlanDecision,
    PlanDuty,
    PlanStep,
    PlanSubmission,
    Stage,
    StageChange,
    SubmissionStatus,
    WorkPlan,
)
from .plans import plan_content

# The path a meeting takes, and the move that leads into each stage (as the workflow names it).
PATH = [
    (Stage.PLAN_REVIEW, "提交方案报审"),
    (Stage.PRE_MEETING, "批准方案"),
    (Stage.CONVENE_REQUESTED, "报请召开"),
    (Stage.CONVENE_APPROVED, "同意召开"),
    (Stage.HELD, "记录会议召开"),
    (Stage.RECTIFYING, "进入整改落实"),
    (Stage.ARCHIVED, "归档"),
]
ORDER = [Stage.PREPARING] + [stage for stage, _ in PATH]
# Days from the plan's milestone to each of the others (as seed_demo schedules them).
OFFSETS = {"plan": 0, "study": 20, "opinions": 25, "talks": 30, "materials": 35, "meeting": 40,
           "report": 55, "rectification": 160}
PHASES = ("study", "opinions", "talks", "materials")
# How far back the plan's milestone lies, by stage: a meeting in 会前准备 is 15–38 days in.
STARTED = {Stage.PREPARING: (-10, 6), Stage.PLAN_REVIEW: (0, 12), Stage.PRE_MEETING: (14, 38),
           Stage.CONVENE_REQUESTED: (36, 44), Stage.CONVENE_APPROVED: (38, 46), Stage.HELD: (45, 70),
           Stage.HALTED: (35, 45), Stage.RECTIFYING: (200, 330), Stage.ARCHIVED: (330, 380)}
THIS_YEAR = [Stage.PREPARING, Stage.PLAN_REVIEW, Stage.PRE_MEETING, Stage.CONVENE_REQUESTED,
             Stage.CONVENE_APPROVED, Stage.HELD, Stage.HALTED]
THIS_YEAR_WEIGHTS = [10, 10, 45, 10, 8, 12, 5]
THEME = "深入学习贯彻习近平新时代中国特色社会主义思想，加强政治建设，提高政治能力，坚守人民情怀，勇于担当作为。"


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _stages(county) -> list[tuple[object, str, int]]:
    """(organisation, stage, year) per meeting: the first ones take every stage in turn,
    so even a county of five organisations has them all; the rest are drawn by weight."""
    rng, orgs = county.rng, county.organizations
    plan = []
    for i in range(max(len(orgs), len(THIS_YEAR))):
        stage = THIS_YEAR[i] if i < len(THIS_YEAR) else rng.choices(THIS_YEAR, THIS_YEAR_WEIGHTS)[0]
        plan.append((orgs[i % len(orgs)], stage, county.today.year))
    for i, org in enumerate(orgs):
        stage = (Stage.RECTIFYING, Stage.ARCHIVED)[i % 2] if i < 2 else rng.choice((Stage.RECTIFYING, Stage.ARCHIVED))
        plan.append((org, stage, county.today.year - 1))
    return plan


def build_meetings(county) -> None:
    rng, today = county.rng, county.today
    templates = {
        MeetingKind.DEMOCRATIC_LIFE: AspectTemplate.objects.filter(name__contains="五个带头", organization=None).first(),
        MeetingKind.ORGANIZATION_LIFE: AspectTemplate.objects.filter(name__contains="四个方面", organization=None).first(),
    }
    items = {kind: list(t.items.all()) if t else [] for kind, t in templates.items()}
    meetings, seen = [], set()
    for org, stage, year in _stages(county):
        kind = MeetingKind.ORGANIZATION_LIFE if org.kind in OrganizationKind.branch_kinds() else MeetingKind.DEMOCRATIC_LIFE
        special = (org.pk, year) in seen
        seen.add((org.pk, year))
        office = county.office.get(org.pk)
        meetings.append(Meeting(
            organization=org, kind=kind, year=year, is_special=special, stage=stage, theme=THEME,
            title=f"{org.display_name}{year}年度{'专题' if special else ''}{MeetingKind(kind).label}",
            created_by_id=office.user_id if office else None,
        ))
    county.bulk(Meeting, meetings)
    county.meetings = meetings
    county.bulk(MeetingAspect, (MeetingAspect(meeting=m, order=i, title=it.title, description=it.description)
                                for m in meetings for i, it in enumerate(items[m.kind], start=1)))
    milestones, changes, held = [], [], []
    for m in meetings:
        low, high = STARTED[m.stage]
        start = today - timedelta(days=rng.randint(low, high))
        m.county_start = start  # for the phases: when this meeting's work began
        ms = _milestones(county, m, start)
        milestones += ms
        if m.stage in (Stage.HELD, Stage.RECTIFYING, Stage.ARCHIVED):
            m.held_on = start + timedelta(days=OFFSETS["meeting"] + rng.randint(-2, 3))
            held.append(m)
        changes += _changes(m, start)
    county.bulk(Milestone, milestones)
    county.bulk(StageChange, changes)
    Meeting.objects.bulk_update(held, ["held_on"], batch_size=2000)
    _build_plans(county)


def _milestones(county, meeting, start) -> list[Milestone]:
    """Done as far as the stage says; in 会前准备 some phases done (on time or late), some
    overdue, some due soon — every lateness the milestone status knows."""
    rng, today = county.rng, county.today
    reached = ORDER.index(meeting.stage) if meeting.stage in ORDER else ORDER.index(Stage.PRE_MEETING)
    actor = county.office.get(meeting.organization_id)
    rows = []
    for kind in MilestoneKind.values:
        due = start + timedelta(days=OFFSETS[kind])
        done_day = None
        if kind == "plan" and reached >= ORDER.index(Stage.PRE_MEETING):
            done_day = due + timedelta(days=rng.randint(-3, 4))
        elif kind in PHASES:
            if reached >= ORDER.index(Stage.CONVENE_REQUESTED):
                done_day = due + timedelta(days=rng.randint(-4, 3))
            elif meeting.stage in (Stage.PRE_MEETING, Stage.HALTED) and rng.random() < 0.5:
                done_day = min(today, due + timedelta(days=rng.randint(-6, 4)))
        elif kind == "meeting" and reached >= ORDER.index(Stage.HELD):
            done_day = due + timedelta(days=rng.randint(-2, 3))
        elif kind == "report" and reached >= ORDER.index(Stage.RECTIFYING):
            done_day = due + timedelta(days=rng.randint(-5, 5))
        elif kind == "rectification" and meeting.stage == Stage.ARCHIVED:
            done_day = due + timedelta(days=rng.randint(-20, 10))
        if done_day and done_day > today:
            done_day = today
        rows.append(Milestone(meeting=meeting, kind=kind, due_date=due, done_at=_at(done_day) if done_day else None,
                              done_by_id=actor.user_id if done_day and actor else None))
    meeting.county_milestones = {m.kind: m for m in rows}
    return rows


def _changes(meeting, start) -> list[StageChange]:
    actor = meeting.created_by_id
    rows = [StageChange(meeting=meeting, from_stage="", to_stage=Stage.PREPARING, action="创建会议", actor_id=actor,
                        at=_at(start - timedelta(days=5)))]
    target = Stage.PRE_MEETING if meeting.stage == Stage.HALTED else meeting.stage
    previous, day = Stage.PREPARING, start
    for stage, action in PATH[: ORDER.index(target)]:
        day += timedelta(days=5 if stage != Stage.HELD else 30)
        rows.append(StageChange(meeting=meeting, from_stage=previous, to_stage=stage, action=action,
                                actor_id=actor, at=_at(min(day, start + timedelta(days=400)))))
        previous = stage
    if meeting.stage == Stage.HALTED:
        rows.append(StageChange(meeting=meeting, from_stage=previous, to_stage=Stage.HALTED, action="叫停",
                                actor_id=actor, note="准备不充分，对照检查材料查摆问题不深入，叫停重开。",
                                at=_at(start + timedelta(days=34))))
    return rows


def _build_plans(county) -> None:
    """plan_create_default for every meeting, in bulk; a submission for each one sent up."""
    plans = county.bulk(WorkPlan, (
        WorkPlan(
            meeting=m, basis=plan_defaults.basis_for(m),
            chair=(county.team[m.organization_id] or [None])[0],
            recorder=county.office.get(m.organization_id),
            starts_at=_at(m.county_start + timedelta(days=OFFSETS["meeting"]), 9),
            place="机关三楼会议室",
        ) for m in county.meetings
    ))
    Attendees = WorkPlan.attendees.through
    attendees, steps, agenda, duties = [], [], [], []
    for plan in plans:
        m = plan.meeting
        people = participants(county, m)
        attendees += [Attendees(workplan_id=plan.pk, person_id=p.pk) for p in people]
        steps += [PlanStep(plan=plan, phase=phase, order=i, title=title, text=text, milestone=milestone,
                           due_date=m.county_milestones[milestone].due_date if milestone else None)
                  for i, (phase, title, text, milestone) in enumerate(plan_defaults.steps_for(m.kind), start=1)]
        agenda += [PlanAgendaItem(plan=plan, order=i, text=text)
                   for i, text in enumerate(plan_defaults.agenda_for(m.kind), start=1)]
        office = county.office.get(m.organization_id)
        duties += [PlanDuty(plan=plan, order=i, task=task, person=office)
                   for i, (_, task) in enumerate(plan_defaults.duties_for(m.kind), start=1)]
    county.bulk(Attendees, attendees)
    county.bulk(PlanStep, steps)
    county.bulk(PlanAgendaItem, agenda)
    county.bulk(PlanDuty, duties)
    _build_submissions(county, plans)


def _build_submissions(county, plans) -> None:
    bodies = county.supervisors  # the 纪委 and the 组织部 each decide (PLAN_BODIES)
    submissions, decisions = [], []
    for plan in plans:
        m = plan.meeting
        if m.stage == Stage.PREPARING:
            continue
        plan.meeting = m
        sent = _at(m.county_start + timedelta(days=5), 9)
        pending = m.stage == Stage.PLAN_REVIEW
        submission = PlanSubmission(
            plan=plan, number=1, content=plan_content(plan), submitted_by_id=m.created_by_id, submitted_at=sent,
            status=SubmissionStatus.PENDING if pending else SubmissionStatus.APPROVED,
            reviewed_at=None if pending else sent + timedelta(days=3),
        )
        submissions.append(submission)
        if not pending:
            decisions += [(submission, body, person) for body, person in bodies.items()]
    county.bulk(PlanSubmission, submissions)
    county.bulk(PlanDecision, (
        PlanDecision(submission=s, body=body, status=SubmissionStatus.APPROVED, comment="同意。",
                     decided_by_id=person.user_id, decided_at=s.reviewed_at)
        for s, body, person in decisions
    ))


# Stages in which the phases have started their work (the plan is approved).
WORK_STAGES = (Stage.PRE_MEETING, Stage.CONVENE_REQUESTED, Stage.CONVENE_APPROVED, Stage.HELD,
               Stage.HALTED, Stage.RECTIFYING, Stage.ARCHIVED)


def work_meetings(county) -> list:
    """The meetings whose phases have data: the plan approved, this year's or last year's."""
    return county.meetings_in(*WORK_STAGES)


def phase_finished(meeting, kind: str) -> bool:
    """Whether this meeting's milestone for a phase is done (the phase builders follow it)."""
    return meeting.county_milestones[kind].done_at is not None


def participants(county, meeting) -> list:
    """The team in rank order; for a 组织生活会 the branch's party members too (as the plan)."""
    people = list(county.team[meeting.organization_id])
    if meeting.kind == MeetingKind.ORGANIZATION_LIFE:
        seen = {p.pk for p in people}
        people += [p for p in county.branch_members.get(meeting.organization_id, []) if p.pk not in seen]
    return people
