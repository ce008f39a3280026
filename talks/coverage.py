"""Coverage: for every pair, where it stands; totals per rule and per person.

A pair is done only when a talk between the two is confirmed. An excused pair is
counted apart and never as done; coverage is complete when every required pair is done
or excused. Everything here is computed from one roster and one query for the talks,
so the matrix costs the same number of queries for 7 people as for 40.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from meetings.models import Meeting
from organizations.models import Person
from organizations.ordering import person_sort_key

from .models import PairNote, Talk, TalkState
from .rules import Group, RequiredPair, Roster, Rule, required_pairs, roster_gaps, rosters_load


class Cell:
    """What a pair's square in the matrix says."""

    DONE = "done"
    EXCUSED = "excused"
    RECORDED = "recorded"
    PLANNED = "planned"
    REQUIRED = "required"
    NONE = "none"

    LABELS = {
        DONE: "已谈",
        EXCUSED: "免谈",
        RECORDED: "待确认",
        PLANNED: "已约谈",
        REQUIRED: "未谈",
        NONE: "不需谈",
    }
    GLYPHS = {DONE: "✓", EXCUSED: "免", RECORDED: "待", PLANNED: "约", REQUIRED: "○", NONE: ""}
    ORDER = [DONE, EXCUSED, RECORDED, PLANNED, REQUIRED, NONE]  # the legend


# A pair may have several talks (one disputed, a new one recorded…): the furthest one wins.
_TALK_RANK = {
    TalkState.CONFIRMED: 3,
    TalkState.RECORDED: 2,
    TalkState.DISPUTED: 1,
    TalkState.PLANNED: 1,
}
_TALK_CELL = {
    TalkState.CONFIRMED: Cell.DONE,
    TalkState.RECORDED: Cell.RECORDED,
    TalkState.DISPUTED: Cell.PLANNED,
    TalkState.PLANNED: Cell.PLANNED,
}


@dataclass
class PairStatus:
    key: tuple[int, int]
    state: str
    required: RequiredPair | None
    talk: Talk | None  # the furthest talk, if any
    excused: PairNote | None

    @property
    def is_required(self) -> bool:
        return self.required is not None

    @property
    def label(self) -> str:
        return Cell.LABELS[self.state]

    @property
    def glyph(self) -> str:
        return Cell.GLYPHS[self.state]

    @property
    def rule_labels(self) -> list[str]:
        return [Rule(r).label for r in Rule.values if self.required and r in self.required.rules]

    @property
    def is_priority(self) -> bool:
        return bool(self.required and self.required.priority)

    @property
    def is_missing(self) -> bool:
        return self.is_required and self.state not in (Cell.DONE, Cell.EXCUSED)


@dataclass
class Tally:
    """Required, done and excused pairs of a rule or a person."""

    label: str = ""
    required: int = 0
    done: int = 0
    excused: int = 0
    in_progress: int = 0

    def add(self, state: str) -> None:
        self.required += 1
        if state == Cell.DONE:
            self.done += 1
        elif state == Cell.EXCUSED:
            self.excused += 1
        elif state in (Cell.RECORDED, Cell.PLANNED):
            self.in_progress += 1

    @property
    def missing(self) -> int:
        return self.required - self.done - self.excused

    @property
    def percent(self) -> int:
        """Done of those still due (excused pairs are not due); 100 when nothing is."""
        due = self.required - self.excused
        return 100 if due == 0 else int(self.done * 100 / due)

    @property
    def complete(self) -> bool:
        return self.missing == 0


@dataclass
class MatrixPerson:
    person: object
    group: str
    tally: Tally
    tags: list[str] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def group_label(self) -> str:
        return Group(self.group).label


@dataclass
class Coverage:
    roster: Roster
    pairs: dict[tuple[int, int], PairStatus]
    rows: list[MatrixPerson]  # the people the rule is about (team, or the whole branch)
    columns: list[MatrixPerson]  # rows first, then those they talk with (heads, representatives…)
    by_rule: list[Tally]
    total: Tally
    priority: Tally
    gaps: list[str]

    @property
    def complete(self) -> bool:
        return self.total.required > 0 and self.total.complete and not self.gaps

    def status(self, a_id: int, b_id: int) -> PairStatus | None:
        return self.pairs.get((a_id, b_id) if a_id < b_id else (b_id, a_id))

    def person(self, person_id: int) -> MatrixPerson | None:
        return next((c for c in self.columns if c.pk == person_id), None)

    def pairs_of(self, person_id: int) -> list[PairStatus]:
        return [p for p in self.pairs.values() if person_id in p.key]

    def column_groups(self) -> list[tuple[str, int]]:
        """(label, span) for the matrix's header row of groups."""
        groups: list[tuple[str, int]] = []
        for column in self.columns:
            if groups and groups[-1][0] == column.group_label:
                groups[-1] = (groups[-1][0], groups[-1][1] + 1)
            else:
                groups.append((column.group_label, 1))
        return groups

    def grid(self):
        """Rows of (person, [(column person, status or None for the diagonal)])."""
        for row in self.rows:
            yield (
                row,
                [
                    (
                        column,
                        None
                        if column.pk == row.pk
                        else self.status(row.pk, column.pk) or _NOT_REQUIRED,
                    )
                    for column in self.columns
                ],
            )


_NOT_REQUIRED = PairStatus(key=(0, 0), state=Cell.NONE, required=None, talk=None, excused=None)


def coverage_build(roster: Roster, talks: list[Talk], *, person_id: int | None = None) -> Coverage:
    """The roster's coverage; with `person_id`, only that person's own pairs (their
    "my work" line needs no more), the tallies counting those alone."""
    required = required_pairs(roster)
    if person_id is not None:
        required = {key: pair for key, pair in required.items() if person_id in key}
    excused = roster.excused()
    best: dict[tuple[int, int], Talk] = {}
    for talk in talks:
        if talk.state == TalkState.CANCELLED:
            continue
        current = best.get(talk.key)
        if current is None or _TALK_RANK[talk.state] > _TALK_RANK[current.state]:
            best[talk.key] = talk

    pairs: dict[tuple[int, int], PairStatus] = {}
    for key in required.keys() | best.keys():
        talk = best.get(key)
        note = excused.get(key) if key in required else None
        if talk and talk.state == TalkState.CONFIRMED:
            state = Cell.DONE
        elif note:
            state = Cell.EXCUSED
        elif talk:
            state = _TALK_CELL[talk.state]
        else:
            state = Cell.REQUIRED
        pairs[key] = PairStatus(key, state, required.get(key), talk, note)

    by_rule = {rule: Tally(Rule(rule).label) for rule in Rule.for_kind(roster.meeting.kind)}
    total, priority = Tally("合计"), Tally("书记重点谈话对象")
    per_person: dict[int, Tally] = defaultdict(Tally)
    for status in pairs.values():
        if not status.is_required:
            continue
        total.add(status.state)
        if status.is_priority:
            priority.add(status.state)
        for rule in status.required.rules:
            by_rule[rule].add(status.state)
        for pid in status.key:
            per_person[pid].add(status.state)

    rows, columns = _people(roster, per_person, pairs)
    return Coverage(
        roster=roster,
        pairs=pairs,
        rows=rows,
        columns=columns,
        by_rule=[t for rule, t in by_rule.items() if t.required or rule != Rule.ADDED],
        total=total,
        priority=priority,
        gaps=roster_gaps(roster),
    )


def _people(roster: Roster, per_person, pairs) -> tuple[list[MatrixPerson], list[MatrixPerson]]:
    """Rows: the people the rule is about. Columns: the rows, then everyone they talk with."""
    placed: dict[int, MatrixPerson] = {}

    def place(pid: int, group: str) -> None:
        if pid in placed or pid not in roster.people:
            return
        person = roster.people[pid]
        tags = []
        participant = roster.participants.get(pid)
        if pid in roster.secretary_ids:
            tags.append("书记")
        if person.is_probationary:
            tags.append("预备党员")
        if participant and roster.is_branch_meeting:
            tags += participant.flag_labels()
        placed[pid] = MatrixPerson(person, group, per_person.get(pid, Tally()), tags)

    core_group = Group.COMMITTEE if roster.is_branch_meeting else Group.TEAM
    for pid in roster.team_ids:
        place(pid, core_group)
    for pid in roster.members:
        place(pid, Group.MEMBER)
    rows = list(placed.values())
    # Past the team, no rank applies: heads and others 按姓氏笔画, representatives by branch.
    heads = {head_id for seat in roster.team for _department, head_id in seat.oversees if head_id}
    for pid in _by_strokes(roster, heads):
        place(pid, Group.HEAD)
    for pid in sorted(
        (p for p in roster.representatives if p in roster.people),
        key=lambda p: (roster.people[p].branch_id or 0, *person_sort_key(roster.people[p])),
    ):
        place(pid, Group.REPRESENTATIVE)
    for pid in _by_strokes(roster, {pid for key in pairs for pid in key}):
        place(pid, Group.OTHER)
    return rows, list(placed.values())


def _by_strokes(roster: Roster, ids) -> list[int]:
    known = [pid for pid in ids if pid in roster.people]
    return sorted(known, key=lambda pid: person_sort_key(roster.people[pid]))


def coverages(meetings: list[Meeting], *, person_id: int | None = None) -> dict[int, Coverage]:
    """The coverage of several meetings in a fixed number of queries, however many people.

    With `person_id`, each is one person's own pairs (see coverage_build): only their talks
    are read — a branch of 40 has hundreds, one member a few dozen — and the matrix's
    other pairs are not built. `personal_lines` of that person gives the same lines.
    """
    rosters = rosters_load(meetings)
    talks_by_meeting = defaultdict(list)
    # States and people's ids for counting: the content is confidential and not needed here,
    # and the people are in the roster already (a branch of 40 has hundreds of talks).
    talks = (
        Talk.objects.filter(meeting__in=meetings)
        .live()
        .only(
            "id", "meeting_id", "person_a_id", "person_b_id", "state", "talked_on", "recorded_by_id"
        )
    )
    if person_id is not None:
        talks = talks.of_person(person_id)
    for talk in talks:
        talks_by_meeting[talk.meeting_id].append(talk)
    people = next(iter(rosters.values())).people if rosters else {}
    # Who talked outside the rule (a retired cadre…) still gets a column: one query for them.
    strangers = {pid for t in talks for pid in t.key} - people.keys()
    if strangers:
        people.update(Person.objects.select_related("user", "branch").in_bulk(strangers))
    return {m.pk: coverage_build(rosters[m.pk], talks_by_meeting[m.pk], person_id=person_id) for m in meetings}


def meeting_coverage(meeting: Meeting) -> Coverage:
    return coverages([meeting])[meeting.pk]
