"""What this phase contributes to the meeting checklist, my work, reminders and documents."""

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Milestone, MilestoneKind, Stage
from meetings.builders import register_demo
from meetings.progress import (
    ChecklistItem,
    WorkItem,
    register_checklist,
    register_reminders,
    register_work,
)
from organizations.paging import url_maker
from organizations.selectors import org_ids_with_perm, person_for_user, supervised_orgs

from . import county  # noqa: F401  registers its part of the measuring county (seed_county)
from . import documents  # noqa: F401  registers the materials' documents
from .models import Material, MaterialKind, MaterialState
from .reminders import CHASE_STAGES, materials_reminders_send
from .selectors import meeting_board, seat_org_ids

PASSED = MaterialState.secretary_passed()


def _home_url(meeting) -> str:
    return reverse("inspections:meeting", args=[meeting.pk])


@register_checklist("对照检查材料", order=50, link=_home_url)
def materials_progress(meeting: Meeting):
    """Seed 002 #4 (3): "对照检查材料要经过严格审查把关，会前报党委审核通过后才能开会"."""
    url = _home_url(meeting)
    board = meeting_board(meeting, details=False)  # the statuses are all it counts
    team, outlines = board.rows[0], board.rows[1:]
    if team.material is None and not any(r.material for r in outlines):
        # A tick on the milestone does not stand in for the review: nothing has been written.
        yield ChecklistItem("班子对照检查材料经书记审定", False, "尚未开始", url)
        yield ChecklistItem("个人发言提纲经书记审阅", False, "", url)
        yield ChecklistItem("材料经上级审核通过", False, "", url, required_to_convene=True)
        return
    n = len(outlines)
    submitted = sum(1 for r in outlines if r.material and r.material.first_submitted_at)
    reviewed = sum(1 for r in outlines if r.status in PASSED)
    approved = sum(1 for r in board.rows if r.status == MaterialState.APPROVED)
    yield ChecklistItem("班子对照检查材料经书记审定", team.status in PASSED, team.status_label, url)
    yield ChecklistItem("个人发言提纲已提交", n > 0 and submitted == n, f"{submitted}/{n}", url)
    yield ChecklistItem("个人发言提纲经书记审阅", n > 0 and reviewed == n, f"{reviewed}/{n}", url)
    yield ChecklistItem(
        "材料经上级审核通过", board.all_approved, f"{approved}/{len(board.rows)}", url, required_to_convene=True
    )


# --- my work --------------------------------------------------------------------------------


def _due_date():
    """The materials' deadline, inside the meetings' own query (one milestone per kind)."""
    return Subquery(Milestone.objects.filter(meeting=OuterRef("pk"), kind=MilestoneKind.MATERIALS).values("due_date")[:1])


@register_work
def materials_work(user):
    """What waits for this person, in a fixed number of queries however many meetings."""
    person = person_for_user(user)
    if person is None:
        return _supervisor_work(user)
    writes, leads = seat_org_ids(person)
    return _writer_work(user, person, writes) + _secretary_work(leads) + _supervisor_work(user)


def _writer_work(user, person, writes: set[int]) -> list[WorkItem]:
    office_orgs = org_ids_with_perm(user, "manage_organization")
    meetings = list(
        Meeting.objects.filter(Q(organization_id__in=office_orgs | writes) | Q(materials__drafter=person),
                               stage__in=CHASE_STAGES).distinct().annotate(due=_due_date())
    )
    if not meetings:
        return []
    dues = {m.pk: m.due for m in meetings}
    mine = {(m.meeting_id, m.kind): m for m in Material.objects.filter(
        Q(author=person) | Q(kind=MaterialKind.TEAM), meeting__in=meetings)}
    today, items = timezone.localdate(), []
    for meeting in meetings:
        due = dues.get(meeting.pk)
        common = {"meeting_title": meeting.title, "due_date": due, "kind": "对照检查",
                  "overdue": bool(due and due < today)}
        outline = mine.get((meeting.pk, MaterialKind.PERSONAL))
        if meeting.organization_id in writes and (outline is None or outline.state in MaterialState.editable()):
            returned = outline is not None and outline.state == MaterialState.RETURNED
            items.append(WorkItem(title="按审阅意见修改个人发言提纲" if returned else "撰写个人发言提纲",
                                  url=reverse("inspections:mine", args=[meeting.pk]), **common))
        team = mine.get((meeting.pk, MaterialKind.TEAM))
        drafts_team = (team.drafter_id == person.pk) if team and team.drafter_id else meeting.organization_id in office_orgs
        if drafts_team and (team is None or team.state in MaterialState.editable()):
            items.append(WorkItem(title="起草班子对照检查材料", url=reverse("inspections:team", args=[meeting.pk]), **common))
    return items


def _secretary_work(orgs: set[int]) -> list[WorkItem]:
    if not orgs:
        return []
    waiting = (
        Meeting.objects.filter(organization_id__in=orgs, stage__in=CHASE_STAGES)
        .annotate(n=Count("materials", filter=Q(materials__state=MaterialState.SUBMITTED)), due=_due_date())
        .filter(n__gt=0)
    )
    return [WorkItem(title=f"审阅对照检查材料（{m.n}份待审阅）", meeting_title=m.title, url=_home_url(m), kind="审阅",
                     due_date=m.due) for m in waiting]


def _supervisor_work(user) -> list[WorkItem]:
    # The upper review waits on the bodies above, not on a 督导组 (it reads, decides nothing).
    if not org_ids_with_perm(user, "supervise_organization"):
        return []
    orgs = supervised_orgs(user)
    waiting = (
        Meeting.objects.filter(organization_id__in=orgs, stage__in=CHASE_STAGES + [Stage.PREPARING, Stage.PLAN_REVIEW])
        .annotate(n=Count("materials", filter=Q(materials__state=MaterialState.UPPER_REVIEW)),
                  since=Min("materials__passed_on_at", filter=Q(materials__state=MaterialState.UPPER_REVIEW)))
        .filter(n__gt=0)
        .select_related("organization")
    )
    home = url_maker("inspections:meeting")
    return [WorkItem(title=f"审核对照检查材料（{m.n}份）", meeting_title=f"{m.organization.display_name} · {m.title}",
                     url=home(m.pk), kind="审核", organization=m.organization.display_name,
                     since=timezone.localdate(m.since) if m.since else None) for m in waiting]


@register_reminders
def materials_reminders(today) -> int:
    return materials_reminders_send(today=today)


@register_demo(order=50)
def materials_demo(context: dict) -> None:
    from .demo import build_demo

    build_demo(context)

