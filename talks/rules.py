"""Who must talk to whom: the seeds' rule in one function, `required_pairs`.

民主生活会 "四必谈" (seed 001 §三(三)1, seed 003 (三), seed 004):
  书记与其他班子成员之间必谈，班子成员之间必谈，班子成员与分管部门主要负责同志之间必谈，
  班子成员与本人组织关系所在党支部党员代表必谈 (seed 004: 主要负责同志、班子成员与…党员代表).
组织生活会 (seed 002 #5 (一)3(1)): 支委委员之间必谈，支委委员与党员必谈，党员之间必谈;
  党支部书记要重点同新发展党员、新转入党员、生活困难党员、年老体弱党员、受到处分处置党员
  谈心谈话 (seed 002 方案 (三) #2) — those pairs are flagged as priority.
The office may add pairs (PairNote ADDED); excused pairs stay required but are shown apart.

`roster_load` reads everything the rule needs for a meeting in a fixed number of queries;
`required_pairs` is then a pure function of that roster.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models

from meetings.models import Meeting, MeetingKind
from organizations.models import Person, TeamMembership, TeamPosition
from organizations.ordering import official_sort_key

from .models import PairNote, PairNoteKind, TalkParticipant, pair_key


class Rule(models.TextChoices):
    SECRETARY_MEMBER = "secretary_member", "书记与班子成员必谈"
    MEMBERS = "members", "班子成员之间必谈"
    DEPARTMENT_HEAD = "department_head", "班子成员与分管部门主要负责同志必谈"
    REPRESENTATIVE = "representative", "班子成员与所在支部党员代表必谈"
    COMMITTEE = "committee", "支委委员之间必谈"
    COMMITTEE_MEMBER = "committee_member", "支委委员与党员必谈"
    PARTY_MEMBERS = "party_members", "党员之间必谈"
    ADDED = "added", "办公室增加"

    @classmethod
    def for_kind(cls, kind: str) -> list["Rule"]:
        if kind == MeetingKind.ORGANIZATION_LIFE:
            return [cls.COMMITTEE, cls.COMMITTEE_MEMBER, cls.PARTY_MEMBERS, cls.ADDED]
        return [
            cls.SECRETARY_MEMBER,
            cls.MEMBERS,
            cls.DEPARTMENT_HEAD,
            cls.REPRESENTATIVE,
            cls.ADDED,
        ]


class Group(models.TextChoices):
    """Where a person stands in the matrix."""

    TEAM = "team", "班子成员"
    COMMITTEE = "committee", "支委委员"
    MEMBER = "member", "党员"
    HEAD = "head", "分管部门负责人"
    REPRESENTATIVE = "representative", "党员代表"
    OTHER = "other", "其他人员"


@dataclass
class Seat:
    person_id: int
    position: str
    rank: int
    oversees: list[tuple[str, int | None]] = field(default_factory=list)  # (department, head id)

    @property
    def is_secretary(self) -> bool:
        return self.position == TeamPosition.SECRETARY


@dataclass
class Roster:
    """Everything the rule reads for one meeting."""

    meeting: Meeting
    people: dict[int, Person]  # everyone involved; one dict shared by rosters loaded together
    team: list[Seat]  # by rank
    members: list[int]  # 组织生活会: the branch's party members outside the committee
    participants: dict[int, TalkParticipant]  # per-meeting facts (representatives, flags)
    notes: list[PairNote]

    @property
    def is_branch_meeting(self) -> bool:
        return self.meeting.kind == MeetingKind.ORGANIZATION_LIFE

    @property
    def team_ids(self) -> list[int]:
        return [s.person_id for s in self.team]

    @property
    def secretary_ids(self) -> set[int]:
        return {s.person_id for s in self.team if s.is_secretary}

    @property
    def representatives(self) -> list[int]:
        return [pid for pid, p in self.participants.items() if p.is_representative]

    def added(self) -> list[PairNote]:
        return [n for n in self.notes if n.kind == PairNoteKind.ADDED]

    def excused(self) -> dict[tuple[int, int], PairNote]:
        return {n.key: n for n in self.notes if n.kind == PairNoteKind.EXCUSED}

    def is_priority_member(self, person_id: int) -> bool:
        p = self.participants.get(person_id)
        return bool(p and p.is_priority)


@dataclass
class RequiredPair:
    key: tuple[int, int]
    rules: set[str] = field(default_factory=set)
    priority: bool = False  # seed 002: the secretary talks with this member personally


def required_pairs(roster: Roster) -> dict[tuple[int, int], RequiredPair]:
    """The pairs that must talk before this meeting, each with the rules that require it."""
    pairs: dict[tuple[int, int], RequiredPair] = {}

    def need(a: int | None, b: int | None, rule: str) -> None:
        if a is None or b is None or a == b:
            return
        key = pair_key(a, b)
        pairs.setdefault(key, RequiredPair(key)).rules.add(rule)

    team = roster.team
    if roster.is_branch_meeting:
        committee = [s.person_id for s in team]
        for i, a in enumerate(committee):
            for b in committee[i + 1 :]:
                need(a, b, Rule.COMMITTEE)
            for m in roster.members:
                need(a, m, Rule.COMMITTEE_MEMBER)
        for i, a in enumerate(roster.members):
            for b in roster.members[i + 1 :]:
                need(a, b, Rule.PARTY_MEMBERS)
        for s in team:
            if s.is_secretary:
                for m in roster.members:
                    if roster.is_priority_member(m):
                        pairs[pair_key(s.person_id, m)].priority = True
    else:
        for i, a in enumerate(team):
            for b in team[i + 1 :]:
                rule = Rule.SECRETARY_MEMBER if a.is_secretary or b.is_secretary else Rule.MEMBERS
                need(a.person_id, b.person_id, rule)
        representatives_by_branch = defaultdict(list)
        for pid in roster.representatives:
            representatives_by_branch[roster.people[pid].branch_id].append(pid)
        for seat in team:
            for _department, head_id in seat.oversees:
                need(seat.person_id, head_id, Rule.DEPARTMENT_HEAD)
            branch_id = roster.people[seat.person_id].branch_id
            for rep in representatives_by_branch.get(branch_id, []) if branch_id else []:
                need(seat.person_id, rep, Rule.REPRESENTATIVE)
    for note in roster.added():
        need(note.person_a_id, note.person_b_id, Rule.ADDED)
    return pairs


def roster_gaps(roster: Roster) -> list[str]:
    """What keeps the rule from being applied in full: data the office has to supply."""
    if roster.is_branch_meeting:
        return [] if roster.team else ["本组织尚未登记支部委员会成员"]
    gaps = []
    if not roster.team:
        return ["本组织尚未登记领导班子成员"]
    if not roster.secretary_ids:
        gaps.append("领导班子中没有书记（主要负责同志）")
    represented = {roster.people[pid].branch_id for pid in roster.representatives}
    for seat in roster.team:
        person = roster.people[seat.person_id]
        for department, head_id in seat.oversees:
            if head_id is None:
                gaps.append(f"{person.name}分管的{department}未登记主要负责人")
        if person.branch_id is None:
            gaps.append(f"{person.name}未登记组织关系所在支部，无法确定应谈的党员代表")
        elif person.branch_id not in represented:
            gaps.append(f"{person.name}所在支部（{person.branch.display_name}）尚未指定党员代表")
    return gaps


# --- loading ------------------------------------------------------------------------------

PERSON_RELATED = ("person__user", "person__branch")


def rosters_load(meetings: list[Meeting]) -> dict[int, Roster]:
    """Rosters of several meetings in a fixed number of queries, however many people."""
    if not meetings:
        return {}
    org_ids = {m.organization_id for m in meetings}
    meeting_ids = [m.pk for m in meetings]
    branch_org_ids = {
        m.organization_id for m in meetings if m.kind == MeetingKind.ORGANIZATION_LIFE
    }
    people: dict[int, Person] = {}

    seats_by_org: dict[int, list[Seat]] = defaultdict(list)
    seat_by_id: dict[int, Seat] = {}
    for row in TeamMembership.objects.filter(organization_id__in=org_ids).select_related(
        *PERSON_RELATED
    ):
        seat = Seat(row.person_id, row.position, row.rank)
        seats_by_org[row.organization_id].append(seat)
        seat_by_id[row.pk] = seat
        people[row.person_id] = row.person
    oversight = (
        TeamMembership.oversees.through.objects.filter(teammembership__organization_id__in=org_ids)
        .select_related("department__head__user", "department__head__branch")
        .order_by("department__order", "department_id")
    )
    for link in oversight:
        head = link.department.head
        seat_by_id[link.teammembership_id].oversees.append(
            (link.department.name, head.pk if head else None)
        )
        if head:
            people[head.pk] = head

    members_by_org: dict[int, list[int]] = defaultdict(list)
    if branch_org_ids:
        for person in (
            Person.objects.filter(branch_id__in=branch_org_ids, is_party_member=True)
            .select_related("user", "branch")
            .in_official_order()
        ):
            people.setdefault(person.pk, person)
            members_by_org[person.branch_id].append(person.pk)

    participants: dict[int, dict[int, TalkParticipant]] = defaultdict(dict)
    for p in TalkParticipant.objects.filter(meeting_id__in=meeting_ids).select_related(
        *PERSON_RELATED
    ):
        participants[p.meeting_id][p.person_id] = p
        people.setdefault(p.person_id, p.person)

    notes: dict[int, list[PairNote]] = defaultdict(list)
    for note in PairNote.objects.filter(meeting_id__in=meeting_ids).select_related(
        "person_a__user",
        "person_a__branch",
        "person_b__user",
        "person_b__branch",
        "created_by__person",
    ):
        notes[note.meeting_id].append(note)
        people.setdefault(note.person_a_id, note.person_a)
        people.setdefault(note.person_b_id, note.person_b)

    rosters = {}
    for meeting in meetings:
        seats = {s.person_id: s for s in seats_by_org.get(meeting.organization_id, [])}
        team = sorted(
            seats.values(), key=lambda s: official_sort_key(people[s.person_id], seats=seats)
        )
        team_ids = {s.person_id for s in team}
        members = []
        if meeting.kind == MeetingKind.ORGANIZATION_LIFE:
            members = [
                pid
                for pid in members_by_org.get(meeting.organization_id, [])
                if pid not in team_ids
            ]
        rosters[meeting.pk] = Roster(
            meeting=meeting,
            people=people,
            team=team,
            members=members,
            participants=participants.get(meeting.pk, {}),
            notes=notes.get(meeting.pk, []),
        )
    return rosters


def roster_load(meeting: Meeting) -> Roster:
    return rosters_load([meeting])[meeting.pk]
