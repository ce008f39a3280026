"""The criticism planner (批评意见准备): before the meeting, who plans to criticise whom.

"每名常委发言后，其他常委要逐一对其提出批评意见" (001 §四): everyone gives and everyone
receives. The planner is a giver × receiver matrix of the team in the official order
(organizations.ordering), filled from two sources:

- the criticisms planned in confirmed heart-to-heart talks (谈心谈话 "四必谈": 拟在会上
  开展批评的问题必谈, read through `talks.selectors.planned_criticisms`), read-only here;
- the criticisms a member adds for the meeting in the planner (CriticismPlan).

Gaps are shown, never enforced. For a team of up to FULL_ROTATION_MAX members every member
criticises every colleague (000 §四(二)2(3)), so an empty cell is a gap. Above that (a
branch of 30) the office assigns critics (issue 12, `proceedings.rotation`): each member
should receive at least MIN_CRITICS criticisms and give at least one, and a cell the
office assigned (CriticAssignment) is a gap while nothing is planned in it. The office can
also turn what is planned into the assignment (`planner_services.critics_from_plan`).

Who sees what — the rule of this module, asked by every planner page:

- The office and the secretary see the whole matrix with the texts and their hints: the
  office collects the planned criticisms (000 §五: 收集……拟会上批评意见) and the secretary,
  who must 带头开展批评, sees whether the meeting risks an "一团和气". The receiver rule
  below still holds for them: the secretary (or anyone on the team) reads the matrix with
  the texts planned of themself left out (`for_viewer`), counted but not shown.
- A team member sees their own row: what they plan to raise of each colleague (from their
  talks and from the planner), the gaps in it and the hints; they write and change their
  own planner items, nobody else's.
- The receiver does not see, before the meeting, what colleagues plan to raise of them —
  except what a talk already told them: a criticism planned in a confirmed talk was
  said to them face to face and stands in a record they read, so their page shows it
  (to prepare their 说明). Planner items of them stay hidden, not even counted.
- The supervising level sees the matrix as counts only — who has planned criticisms of
  whom, the gaps — never the texts: it judges whether the meeting is ready (as it sees
  whether pairs talked, not what they said) and hears the criticisms at the meeting.
- Outsiders get 404, as everywhere; so does anyone else asking for a row or an item that
  is not theirs.
"""

from dataclasses import dataclass, field
from datetime import date

from django.http import Http404

from inspections.hints import Hint
from meetings.access import MeetingAccess, meeting_access
from meetings.models import Meeting, MeetingKind, Stage
from organizations.models import Person, TeamMembership
from organizations.selectors import person_for_user
from talks.selectors import planned_criticisms

from .hints import criticism_hints
from .models import CriticAssignment, CriticismPlan
from .rotation import FULL_ROTATION_MAX, MIN_CRITICS

# FULL_ROTATION_MAX and MIN_CRITICS are the rotation's (one rule for both): up to that many
# members every member criticises every colleague; above it each has assigned critics.
MAX_CHARS = 2000

# Criticisms are planned before the meeting (and again after a halt, for the meeting held
# anew); once it is held, what was said is in the minutes.
PLANNING_STAGES = {
    Stage.PREPARING,
    Stage.PLAN_REVIEW,
    Stage.PRE_MEETING,
    Stage.CONVENE_REQUESTED,
    Stage.CONVENE_APPROVED,
    Stage.HALTED,
}


# --- the people ---------------------------------------------------------------------------


def planner_people(meeting: Meeting) -> list[Person]:
    """Who gives and receives criticism at this meeting, in the official order: the team
    in rank order (书记 first); for a branch's 组织生活会 also its party members."""
    return planner_people_of([meeting])[meeting.pk]


def planner_people_of(meetings) -> dict[int, list[Person]]:
    """planner_people for many meetings at once, in two queries however many."""
    org_ids = {m.organization_id for m in meetings}
    team: dict[int, list[Person]] = {}
    for seat in TeamMembership.objects.filter(organization_id__in=org_ids).in_rank_order().select_related("person"):
        team.setdefault(seat.organization_id, []).append(seat.person)
    branch_ids = {m.organization_id for m in meetings if m.kind == MeetingKind.ORGANIZATION_LIFE}
    members: dict[int, list[Person]] = {}
    if branch_ids:
        for person in Person.objects.filter(branch_id__in=branch_ids, is_party_member=True).in_official_order():
            members.setdefault(person.branch_id, []).append(person)
    out = {}
    for meeting in meetings:
        people = list(team.get(meeting.organization_id, []))
        if meeting.kind == MeetingKind.ORGANIZATION_LIFE:
            seen = {p.pk for p in people}
            people += [p for p in members.get(meeting.organization_id, []) if p.pk not in seen]
        out[meeting.pk] = people
    return out


def everyone_criticises_everyone(size: int) -> bool:
    """The rule of the gaps: a full round for a small team, assigned critics above."""
    return size <= FULL_ROTATION_MAX


# --- who may see what (see the module's docstring) ----------------------------------------


@dataclass(frozen=True)
class PlannerAccess:
    meeting: MeetingAccess
    person: Person | None
    on_team: bool  # gives and receives criticism at this meeting

    @property
    def sees_texts(self) -> bool:
        """Every planned criticism's text and hints: the office and the secretary."""
        return self.meeting.is_office or self.meeting.is_secretary

    @property
    def sees_matrix(self) -> bool:
        """The matrix: with the texts, or (the supervising level) its counts only."""
        return self.sees_texts or self.meeting.is_supervisor

    @property
    def plans(self) -> bool:
        return self.on_team


def planner_access(user, meeting: Meeting, people: list[Person]) -> PlannerAccess:
    person = person_for_user(user)
    on_team = person is not None and any(p.pk == person.pk for p in people)
    return PlannerAccess(meeting_access(user, meeting), person, on_team)


def get_meeting_planner_for_user(user, pk, *, row: bool = False):
    """A meeting for its planner pages, with its people and this user's access.

    404 for anyone who may open neither the matrix nor a row of it (outsiders); with
    `row`, for anyone without a row who may not read the texts (the supervising level).
    """
    meeting = Meeting.objects.select_related("organization").filter(pk=pk).first()
    if meeting is None or not user.is_authenticated:
        raise Http404("会议不存在")
    people = planner_people(meeting)
    access = planner_access(user, meeting, people)
    allowed = (access.on_team or access.sees_texts) if row else (access.on_team or access.sees_matrix)
    if not allowed:
        raise Http404("会议不存在")
    return meeting, people, access


def get_plan_for_user(user, pk) -> CriticismPlan:
    """One planner item, for its giver only: nobody else edits it (others 404)."""
    plan = CriticismPlan.objects.select_related("meeting__organization", "giver", "receiver").filter(pk=pk).first()
    person = person_for_user(user)
    if plan is None or person is None or plan.giver_id != person.pk:
        raise Http404("记录不存在")
    return plan


# --- the matrix -----------------------------------------------------------------------------


@dataclass
class PlannedItem:
    """One criticism someone plans to raise, from a talk or from the planner."""

    giver_id: int
    receiver_id: int
    text: str
    plan: CriticismPlan | None = None
    talk_id: int | None = None
    talked_on: date | None = None
    hints: list[Hint] = field(default_factory=list)
    hidden: bool = False  # planned of the viewer: counted, its text not shown (for_viewer)

    @property
    def from_talk(self) -> bool:
        return self.talk_id is not None


@dataclass
class Cell:
    giver: Person
    receiver: Person
    items: list[PlannedItem]
    expected: bool  # the rule asks for a criticism here
    assigned: bool = False  # the office assigned this critic (above a full round)

    @property
    def is_gap(self) -> bool:
        return self.expected and not self.items

    @property
    def hint_count(self) -> int:
        return sum(len(i.hints) for i in self.items)

    @property
    def state(self) -> str:
        if self.items:
            return "hinted" if self.hint_count else "planned"
        return "gap" if self.expected else "open"

    @property
    def anchor(self) -> str:
        return f"c-{self.giver.pk}-{self.receiver.pk}"


@dataclass
class Row:
    person: Person
    cells: list[Cell | None]  # one per person of the board, None on the diagonal

    @property
    def colleagues(self) -> list[Cell]:
        return [c for c in self.cells if c is not None]

    @property
    def given(self) -> int:
        """Colleagues this person plans to criticise."""
        return sum(1 for c in self.colleagues if c.items)

    @property
    def gaps(self) -> list[Person]:
        return [c.receiver for c in self.colleagues if c.is_gap]

    @property
    def item_count(self) -> int:
        return sum(len(c.items) for c in self.colleagues)

    @property
    def hint_count(self) -> int:
        return sum(c.hint_count for c in self.colleagues)


@dataclass
class Board:
    meeting: Meeting
    people: list[Person]
    rows: list[Row]
    full: bool  # everyone criticises everyone (see everyone_criticises_everyone)
    received: dict[int, int]  # person id → colleagues who plan to criticise them
    assigned: int = 0  # pairs the office assigned (above a full round)

    def row(self, person_id: int) -> Row | None:
        return next((r for r in self.rows if r.person.pk == person_id), None)

    @property
    def columns(self) -> list[tuple[Person, int]]:
        return [(p, self.received.get(p.pk, 0)) for p in self.people]

    @property
    def pairs_expected(self) -> int:
        n = len(self.people)
        return n * (n - 1) if self.full else 0

    @property
    def pairs_planned(self) -> int:
        return sum(r.given for r in self.rows)

    @property
    def gap_count(self) -> int:
        return sum(len(r.gaps) for r in self.rows)

    @property
    def givers_short(self) -> list[Row]:
        """Members who still lack a criticism they should give: a gap in their row, or
        (above a full round) no criticism of anyone."""
        return [r for r in self.rows if r.gaps or not r.given]

    @property
    def receivers_short(self) -> list[tuple[Person, int]]:
        """Members nobody plans to criticise (above a full round: fewer than MIN_CRITICS)."""
        floor = 1 if self.full else MIN_CRITICS
        return [(p, n) for p, n in self.columns if n < floor] if len(self.people) > 1 else []

    @property
    def item_count(self) -> int:
        return sum(r.item_count for r in self.rows)

    @property
    def hint_count(self) -> int:
        return sum(r.hint_count for r in self.rows)

    @property
    def hinted_items(self) -> int:
        return sum(1 for r in self.rows for c in r.colleagues for i in c.items if i.hints)

    @property
    def complete(self) -> bool:
        return len(self.people) > 1 and not self.givers_short and not self.receivers_short


def planned_items(meeting: Meeting, people: list[Person], *, giver_id: int | None = None) -> list[PlannedItem]:
    """Every criticism planned among these people (one giver's, with giver_id): those of
    confirmed talks first, then the planner's, each in the order it was written."""
    ids = {p.pk for p in people}
    talks = planned_criticisms(meeting).order_by("talk__talked_on", "talk_id", "order", "id")
    plans = CriticismPlan.objects.filter(meeting=meeting).order_by("created_at", "id")
    if giver_id is not None:
        talks, plans = talks.filter(critic_id=giver_id), plans.filter(giver_id=giver_id)
    names = {p.pk: p.name for p in people}
    items = [
        PlannedItem(c.critic_id, c.target_id, c.content, talk_id=c.talk_id, talked_on=c.talk.talked_on)
        for c in talks if c.critic_id in ids and c.target_id in ids and c.content.strip()
    ]
    items += [PlannedItem(p.giver_id, p.receiver_id, p.text, plan=p) for p in plans if p.giver_id in ids and p.receiver_id in ids]
    for item in items:
        item.hints = criticism_hints(item.text, receiver_name=names[item.receiver_id])
    return items


def criticism_board(meeting: Meeting, people: list[Person] | None = None, *, giver_id: int | None = None) -> Board:
    """The matrix of one meeting (or one giver's row of it), in a fixed number of queries."""
    people = planner_people(meeting) if people is None else people
    by_pair: dict[tuple[int, int], list[PlannedItem]] = {}
    for item in planned_items(meeting, people, giver_id=giver_id):
        by_pair.setdefault((item.giver_id, item.receiver_id), []).append(item)
    full = everyone_criticises_everyone(len(people))
    # Asked whatever the size, so that a page costs the same queries for 5 and for 15.
    assignments = CriticAssignment.objects.filter(meeting=meeting)
    if giver_id is not None:
        assignments = assignments.filter(giver_id=giver_id)
    pairs = set(assignments.values_list("giver_id", "receiver_id"))
    assigned = set() if full else pairs  # a full round has no assignment to honour
    givers = [p for p in people if giver_id is None or p.pk == giver_id]
    rows = []
    for giver in givers:
        cells = []
        for receiver in people:
            if receiver.pk == giver.pk:
                cells.append(None)
                continue
            key = (giver.pk, receiver.pk)
            cells.append(Cell(giver, receiver, by_pair.get(key, []), full or key in assigned, key in assigned))
        rows.append(Row(giver, cells))
    received: dict[int, int] = {}
    for giver_pk, receiver_pk in by_pair:
        received[receiver_pk] = received.get(receiver_pk, 0) + 1
    return Board(meeting, people, rows, full, received, len(assigned))


def for_viewer(board: Board, access: PlannerAccess) -> Board:
    """The board as this viewer may read it: what colleagues plan to raise of the viewer
    themself is counted but its text and hints are left out, unless a talk told them."""
    if access.person is None:
        return board
    for row in board.rows:
        for cell in row.colleagues:
            if cell.receiver.pk != access.person.pk:
                continue
            for item in cell.items:
                if not item.from_talk:
                    item.hidden, item.text, item.hints, item.plan = True, "", [], None
    return board


def told_in_talks(meeting: Meeting, person: Person) -> list[PlannedItem]:
    """What colleagues plan to raise of this person that a confirmed talk already told them."""
    return [
        PlannedItem(c.critic_id, c.target_id, c.content, talk_id=c.talk_id, talked_on=c.talk.talked_on)
        for c in planned_criticisms(meeting).filter(target=person).order_by("talk__talked_on", "order", "id")
        if c.content.strip()
    ]


# --- above a full round: the plan becomes the rotation's critic assignment ----------------


@dataclass
class Proposal:
    """What the planned criticisms would make of the office's critic assignment."""

    receiver: Person
    givers: list[Person]  # who plans to criticise them, in the official order
    current: list[Person]  # the critics assigned now

    @property
    def changes(self) -> bool:
        return bool(self.givers) and {p.pk for p in self.givers} != {p.pk for p in self.current}


def critics_proposal(board: Board) -> list[Proposal]:
    """For each member: the colleagues who plan to criticise them, beside those assigned now."""
    people = {p.pk: p for p in board.people}
    current: dict[int, list[Person]] = {}
    for giver_id, receiver_id in CriticAssignment.objects.filter(meeting=board.meeting).values_list("giver_id", "receiver_id"):
        if giver_id in people:
            current.setdefault(receiver_id, []).append(people[giver_id])
    order = {p.pk: i for i, p in enumerate(board.people)}
    proposals = []
    for receiver in board.people:
        givers = [row.person for row in board.rows for c in row.colleagues if c.receiver.pk == receiver.pk and c.items]
        proposals.append(Proposal(receiver, givers, sorted(current.get(receiver.pk, []), key=lambda p: order[p.pk])))
    return proposals
