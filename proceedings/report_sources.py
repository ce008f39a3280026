"""Where the situation report's facts come from: the plan, the minutes of the sitting
held, the preparation figures, the materials and last year's rectification.

One function per source, so the report never counts anything itself: the phase that
owns a record answers for it.
"""

from dataclasses import dataclass, field

from inspections.carryover import carryover_items
from inspections.models import Material, MaterialKind, Problem
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
    """The preparation figures (study, opinions, talks, materials) as sentences."""
    materials = Material.objects.filter(meeting=meeting)
    outlines = sum(1 for m in materials if m.kind == MaterialKind.PERSONAL)
    if not outlines:
        return []
    return [f"认真撰写对照检查材料，班子对照检查材料和{outlines}份个人发言提纲均已完成"]


def carried_over(meeting: Meeting) -> int:
    """Last year's rectification items still open (the rectification phase provides them)."""
    return sum(1 for item in carryover_items(None, meeting) if item.status != "已完成")
