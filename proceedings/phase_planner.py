"""What the criticism planner contributes to the meeting's checklist and to "my work"."""

from django.db.models import Q, Value
from django.urls import reverse

from meetings.access import Role
from meetings.models import Meeting, MeetingKind, Stage
from meetings.progress import PARTICIPANT, ChecklistItem, WorkItem, register_checklist, register_work
from organizations.models import TeamMembership
from organizations.selectors import person_for_user
from talks.models import PlannedCriticism, TalkState

from . import county_planner, demo_planner  # noqa: F401  register the planner's county and demo data
from .models import CriticAssignment, CriticismPlan
from .planner import MIN_CRITICS, criticism_board, everyone_criticises_everyone, planner_people_of

# A member is asked for their planned criticisms once the plan is approved and until the
# meeting is held (and again after a halt).
CHASE_STAGES = [Stage.PRE_MEETING, Stage.CONVENE_REQUESTED, Stage.CONVENE_APPROVED, Stage.HALTED]


def _planner_url(meeting) -> str:
    # The office and the secretary land on the matrix, a member on their own row.
    return reverse("proceedings:planner", args=[meeting.pk])


def _names(people, limit=3) -> str:
    names = [p.name for p in people]
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


@register_checklist("批评意见准备", order=65, link=_planner_url, key="planner",
                    detail_readers=(Role.OFFICE, Role.SECRETARY, Role.SUPERVISOR))
def planner_progress(meeting):
    """"每名常委发言后，其他常委要逐一对其提出批评意见" (001 §四): everyone gives and receives."""
    board = criticism_board(meeting)
    url = _planner_url(meeting)
    if len(board.people) < 2:
        yield ChecklistItem("班子成员相互批评意见已拟定", False, "参会成员不足2人", url)
        return
    short = board.givers_short
    if board.full:
        label, detail = "每位成员对其他成员都拟定了批评意见", f"已拟{board.pairs_planned}/{board.pairs_expected}对"
        if short:
            detail += f"，{len(short)}人尚有空缺"
    else:
        label = "每位成员对安排的被批评人拟定了批评意见" if board.assigned else "每位成员至少对1位同事拟定批评意见"
        detail = f"{len(short)}人尚未拟定（{_names(r.person for r in short)}）" if short else ""
    yield ChecklistItem(label, not short, detail, url)
    receivers = board.receivers_short
    yield ChecklistItem(
        "每位成员都有同事拟对其提出批评" if board.full else f"每位成员至少有{MIN_CRITICS}位同事拟对其提出批评",
        not receivers,
        f"{len(receivers)}人尚无（{_names(p for p, _ in receivers)}）" if receivers else "",
        url,
    )
    hinted = board.hinted_items
    yield ChecklistItem(
        "批评意见质量提示已核对",
        board.item_count > 0 and hinted == 0,
        f"{hinted}条有提示（如以提希望代替点问题），仅供参考" if hinted else ("尚无批评意见" if not board.item_count else ""),
        url,
    )


@register_work(roles=(PARTICIPANT,))
def planner_work(user):
    """A member's gaps: colleagues they have not yet planned a criticism of, per meeting.

    A fixed number of queries however many meetings the person sits in.
    """
    person = person_for_user(user)
    if person is None:
        return []
    seats = TeamMembership.objects.filter(person=person).values("organization_id")
    meetings = list(
        Meeting.objects.filter(
            Q(organization_id__in=seats)
            | Q(kind=MeetingKind.ORGANIZATION_LIFE, organization_id=person.branch_id or 0),
            stage__in=CHASE_STAGES,
        )
    )
    if not meetings:
        return []
    teams = planner_people_of(meetings)
    # Only the meetings where the person plans (a branch's non-member sits in none): the
    # plans and assignments are read for those, and not at all when there are none.
    meetings = [m for m in meetings if person.pk in {p.pk for p in teams.get(m.pk, [])}]
    if not meetings:
        return []
    # What the person has planned (their own plans, and criticisms noted in confirmed talks)
    # and whom they were assigned, in one query: a tag tells the three apart. Assignments
    # count only where the team is too large for everyone to criticise everyone.
    large = [m.pk for m in meetings if not everyone_criticises_everyone(len(teams[m.pk]))]
    plans = CriticismPlan.objects.filter(giver=person, meeting__in=meetings).annotate(
        tag=Value("given")).values_list("tag", "meeting_id", "receiver_id")
    noted = PlannedCriticism.objects.filter(
        critic=person, talk__meeting__in=meetings, talk__state=TalkState.CONFIRMED
    ).exclude(content="").annotate(tag=Value("given")).values_list("tag", "talk__meeting_id", "target_id")
    assignments = CriticAssignment.objects.filter(giver=person, meeting__in=large).annotate(
        tag=Value("assigned")).values_list("tag", "meeting_id", "receiver_id")
    rows = plans.order_by().union(noted.order_by(), assignments.order_by(), all=True)
    given: dict[int, set[int]] = {}
    assigned: dict[int, set[int]] = {}
    for tag, meeting_id, receiver_id in rows:
        (given if tag == "given" else assigned).setdefault(meeting_id, set()).add(receiver_id)
    items = []
    for meeting in meetings:
        people = teams[meeting.pk]
        mine = given.get(meeting.pk, set())
        colleagues = [p for p in people if p.pk != person.pk]
        full = everyone_criticises_everyone(len(people))
        expected = {p.pk for p in colleagues} if full else assigned.get(meeting.pk, set())
        missing = [p for p in colleagues if p.pk in expected and p.pk not in mine]
        if missing:
            title = f"批评意见准备：还未对{len(missing)}位同事拟定批评意见（{_names(missing)}）"
        elif colleagues and not mine:
            title = "批评意见准备：至少对1位同事拟定批评意见"
        else:
            continue
        items.append(WorkItem(
            title=title, meeting_title=meeting.title, url=reverse("proceedings:planner_mine", args=[meeting.pk]),
            kind="批评意见准备",
        ))
    return items

