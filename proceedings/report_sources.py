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

from .report_text import Attendance, Comment, PersonCriticism


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
    """Who attended, the agenda as run, the criticisms and the upper level's comments.

    Until the minutes are kept in the system, the plan's participants and agenda."""
    if plan is None:
        return MinutesFacts(None)
    attendees = list(plan.attendees.all())
    observers = [p.name for p in plan.non_voting.all()]
    guides = [g for g in plan.guiding_leaders.replace("，", "、").split("、") if g.strip()] if plan.guiding_leaders else []
    return MinutesFacts(
        Attendance(expected=len(attendees), present=len(attendees), observers=observers, guides=guides),
        agenda=[item.text for item in plan.agenda.all()],
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
