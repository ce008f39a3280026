"""Where the situation report's facts come from: the plan, the minutes of the sitting
held, the preparation figures, the materials and last year's rectification.

One function per source, so the report never counts anything itself: the phase that
owns a record answers for it.
"""

from dataclasses import dataclass, field

from inspections.models import MaterialKind, Problem
from meetings.models import Meeting, WorkPlan
from organizations.models import TeamPosition

from .report_text import Attendance, Comment, Leave, PersonCriticism


def plan_of(meeting: Meeting) -> WorkPlan | None:
    return WorkPlan.objects.filter(meeting=meeting).select_related("chair").first()


def secretary_name(meeting: Meeting) -> str:
    seat = meeting.organization.team.filter(position=TeamPosition.SECRETARY).select_related("person").first()
    return seat.person.name if seat else "书记"


@dataclass(frozen=True)
class MinutesFacts:
    attendance: Attendance | None
    agenda: list[str] = field(default_factory=list)
    criticisms: list[PersonCriticism] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    chair: str = ""
    duration_minutes: int | None = None


def minutes_facts(meeting: Meeting, plan: WorkPlan | None) -> MinutesFacts:
    """Who attended, the agenda as run, the criticisms given and received, the upper
    level's comments: from the minutes of the sitting held (room's minutes_summary)."""
    from .minutes import minutes_summary
    from .models import AgendaItem, SlotKind, SlotStatus
    from .rotation import current_sitting

    agenda = [item.title for item in AgendaItem.objects.filter(meeting=meeting).order_by("order", "id")]
    if not agenda and plan is not None:
        agenda = [item.text for item in plan.agenda.all()]
    sitting = current_sitting(meeting)
    if sitting is None:
        return MinutesFacts(None, agenda=agenda)
    summary = minutes_summary(sitting)
    selves = {s.subject_id: s for s, _ in summary.durations if s.kind == SlotKind.SELF}
    readers = {pid: slot.read_by.name for pid, slot in selves.items() if slot.read_by_id}
    on_leave = {name for name, _ in summary.on_leave}
    leave = []
    for count in summary.counts:
        if count.person.name in on_leave:
            reason = next((r for n, r in summary.on_leave if n == count.person.name), "")
            leave.append(Leave(count.person.name, reason, readers.get(count.person.pk, "")))
    known = {x.name for x in leave}
    leave += [Leave(name, reason) for name, reason in summary.on_leave if name not in known]
    criticisms = [
        PersonCriticism(
            name=c.person.name,
            given=c.given,
            received=c.received,
            self_criticised=c.person.pk in selves and selves[c.person.pk].status != SlotStatus.LEAVE,
            absent=c.person.name in on_leave,
        )
        for c in summary.counts
    ]
    spoken = [seconds for _, seconds in summary.durations if seconds]
    if sitting.started_at and sitting.ended_at and sitting.ended_at > sitting.started_at:
        minutes = int((sitting.ended_at - sitting.started_at).total_seconds() // 60)
    else:
        minutes = sum(spoken) // 60 if spoken else None
    return MinutesFacts(
        Attendance(
            expected=summary.expected, present=summary.present, leave=leave,
            observers=list(summary.non_voting), guides=list(summary.guiding),
        ),
        agenda=agenda,
        criticisms=criticisms,
        comments=[Comment(c.author_label, c.text) for c in summary.comments],
        chair=sitting.chair.name if sitting.chair_id else "",
        duration_minutes=minutes or None,
    )


def problems_by_aspect(meeting: Meeting):
    """The team's problems per aspect (班子对照检查材料) and how many the members found."""
    from .report_text import AspectProblems

    aspects = list(meeting.aspects.all())
    problems = list(
        Problem.objects.filter(material__meeting=meeting).select_related("material").order_by("order", "id")
    )
    found = []
    for aspect in aspects:
        mine = [p for p in problems if p.aspect_id == aspect.pk]
        found.append(
            AspectProblems(
                aspect=aspect.title,
                team=[p.title for p in mine if p.material.kind == MaterialKind.TEAM and p.title],
                personal=sum(1 for p in mine if p.material.kind == MaterialKind.PERSONAL),
            )
        )
    return found


def preparation_sentences(meeting: Meeting) -> list[str]:
    """The preparation figures (prep's preparation_figures: study, opinions, talks,
    materials) as one sentence per step, as seed 004 writes them: "一是…二是…"."""
    from study.selectors import hours_text

    from .preparation import preparation_figures

    f = preparation_figures(meeting)
    member = "党员" if meeting.kind == "organization_life" else "班子成员"
    sentences = []
    s = f.study
    if s.sessions:
        sentences.append(
            f"深入开展学习研讨，共开展学习研讨{s.sessions}次，其中集中学习研讨{s.group_sessions}次，"
            f"累计学习{hours_text(s.total_hours)}小时，集中学习出勤率{s.attendance_rate}"
        )
    if f.opinions is not None and f.opinions.received:
        channels = "、".join(label for label, _ in f.opinions.by_channel)
        sentences.append(
            f"广泛征求意见建议，{'通过' + channels + '等方式' if channels else ''}{f.opinions.sentence}，"
            f"并根据分工分解至每位{member}、原汁原味反馈本人"
        )
    t = f.talks_total
    if t.required:
        sentences.append(f"深入开展谈心谈话，应谈{t.required}对、已谈{t.held}对、双方确认{t.confirmed}对")
    if f.outlines:
        sentences.append(
            f"认真撰写对照检查材料，{len(f.outlines)}名{member}均自己动手撰写个人发言提纲，"
            f"书记逐一审阅把关{f.outlines_reviewed}份，经上级审核通过{f.outlines_approved}份"
        )
    return sentences


def carried_over(meeting: Meeting) -> int:
    """Last year's rectification items still open (the rectification phase provides them
    through prep's provider hook, proceedings.carryover)."""
    from .carryover import last_year_items

    return sum(1 for item in last_year_items(meeting) if not item.done)
