"""The supervisor's overview: every organisation they oversee, as a tree, with where each
phase of its meetings stands, rolled up so that a parent shows the worst of its subtree.

Read by the page (views/overview.py) and by the Excel and JSON exports, so all three show
the same rows. The statuses come from `meetings.status` (one batched provider per phase),
never from the phases themselves. The cost is fixed whatever the county's size: the
supervisor's scope (remembered per request), one query of the organisations (the tree is
assembled here, in Python), one of the meetings, and one `meeting_statuses` call for all
of them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.http import Http404

from meetings.models import Meeting
from meetings.status import Code, PhaseStatus, StatusColumn, status_columns, worst
from organizations.models import Organization
from organizations.selectors import overseen_org_ids

# An organisation with no meeting of the year (and kind) asked for: nothing to rank, but a
# supervisor wants to find them, so it is a status of the overview's own.
NO_MEETING = "no_meeting"
NO_MEETING_LABEL = "无会议"

# The codes an organisation is counted by (its worst status), worst first, as shown on top.
COUNT_CODES = (*Code.ALL, NO_MEETING)


def code_label(code: str) -> str:
    return NO_MEETING_LABEL if code == NO_MEETING else Code.LABELS.get(code, code)


class Sort:
    TREE = ""  # the tree's own order: 党委 before its 党支部, siblings by their order
    LATE = "late"  # worst first: the most days overdue on top

    CHOICES = [(TREE, "按组织顺序"), (LATE, "按逾期程度")]


@dataclass(frozen=True)
class OverviewFilters:
    """What the supervisor asked to see. Blank means "any"."""

    year: int
    kind: str = ""  # a MeetingKind
    stage: str = ""  # a Stage of the meeting
    overdue_only: bool = False  # 仅看逾期: something of the organisation's own is overdue
    column: str = ""  # a status column's key; with `status`, that milestone's status
    status: str = ""  # a Code or NO_MEETING; without `column`, the organisation's worst
    q: str = ""  # part of the name or short name
    under: int | None = None  # drill down: the organisation whose subtree is shown
    sort: str = Sort.TREE
    flat: bool = False  # the whole subtree in one list instead of one level of the tree

    @property
    def narrows(self) -> bool:
        """Filters that pick organisations out of the tree: their hits are listed flat."""
        return bool(self.stage or self.overdue_only or self.status or self.q)

    @property
    def is_flat(self) -> bool:
        return self.flat or self.narrows or self.sort == Sort.LATE


@dataclass
class MeetingRow:
    """One meeting of an organisation and each column's status for it."""

    meeting: Meeting
    statuses: dict[str, PhaseStatus]

    @property
    def worst(self) -> PhaseStatus | None:
        return worst(self.statuses.values())


@dataclass(frozen=True)
class Cell:
    """One column of one row, as the page and the exports show it."""

    key: str
    label: str  # the column's
    own: PhaseStatus | None  # None: the organisation has no meeting
    below: PhaseStatus | None  # the worst of its subtree (None: nothing below)
    meeting_id: int | None  # the meeting whose status `own` is, for chasing it
    chaseable: bool

    @property
    def below_is_worse(self) -> bool:
        """The roll-up differs from the row's own status: the page says so beside it."""
        return self.below is not None and (self.own is None or self.below.rank > self.own.rank)

    @property
    def rolled(self) -> PhaseStatus | None:
        return self.below if self.below_is_worse else self.own

    @property
    def target(self) -> str:
        """The chase form's value for this cell: `<meeting id>:<column key>`."""
        return f"{self.meeting_id}:{self.key}"


@dataclass
class OrgRow:
    """One organisation: its own meetings' statuses and the roll-up of everything below it."""

    organization: Organization
    depth: int  # 0 for a top of the supervisor's tree
    parent_id: int | None  # the parent within the scope; None at a top
    path: list[Organization]  # the ancestors within the scope, the top first
    meetings: list[MeetingRow] = field(default_factory=list)
    own: dict[str, PhaseStatus] = field(default_factory=dict)  # worst over its meetings
    below: dict[str, PhaseStatus] = field(default_factory=dict)  # worst over its subtree, itself excluded
    children_count: int = 0
    below_count: int = 0  # every organisation in its subtree, itself excluded
    order: int = 0  # its place in the tree's pre-order, for a stable sort

    @property
    def pk(self) -> int:
        return self.organization.pk

    @property
    def meeting(self) -> Meeting | None:
        """The meeting the row links to: the year's regular one before a special one."""
        return self.meetings[0].meeting if self.meetings else None

    @property
    def worst(self) -> PhaseStatus | None:
        """The organisation's own worst status (its subtree's is `rolled_worst`)."""
        return worst(self.own.values())

    @property
    def status_code(self) -> str:
        found = self.worst
        return found.code if found is not None else NO_MEETING

    @property
    def rolled(self) -> dict[str, PhaseStatus]:
        """Per column, the worst of its own status and its subtree's: the roll-up."""
        keys = self.own.keys() | self.below.keys()
        return {key: worst(s for s in (self.own.get(key), self.below.get(key)) if s is not None) for key in keys}

    @property
    def rolled_worst(self) -> PhaseStatus | None:
        return worst(self.rolled.values())

    @property
    def lateness(self) -> int:
        """Rank for "sort by lateness": worse is larger; no meeting sorts last."""
        found = self.worst
        return found.rank if found is not None else -1

    def path_names(self, sep: str = " › ") -> str:
        return sep.join(o.display_name for o in self.path)

    def cells(self, columns: Iterable[StatusColumn]) -> list[Cell]:
        """The row's cells in the columns' order."""
        found = []
        for column in columns:
            own = self.own.get(column.key)
            meeting_id = next((m.meeting.pk for m in self.meetings if m.statuses.get(column.key) is own), None)
            found.append(Cell(column.key, column.label, own, self.below.get(column.key), meeting_id, is_chaseable(own)))
        return found


def is_chaseable(status: PhaseStatus | None) -> bool:
    """A status a supervisor chases: late, nearly late, or not started though its window is open."""
    return status is not None and (
        status.code in (Code.OVERDUE, Code.DUE_SOON) or (status.code == Code.NOT_STARTED and status.window_open)
    )


@dataclass(frozen=True)
class StatusCount:
    code: str
    label: str
    count: int


@dataclass
class Overview:
    """What one supervisor sees for one set of filters.

    `rows` is every row the filters leave, in display order, not cut into pages: one level
    of the tree (the children of `focus`, or the tops), or with `filters.is_flat` the whole
    subtree in focus as a list. The counts are over the subtree in focus (the focus
    included), by each organisation's worst status, before the narrowing filters.
    """

    filters: OverviewFilters
    columns: list[StatusColumn]
    rows: list[OrgRow]
    counts: list[StatusCount]
    total: int  # organisations in the subtree counted
    focus: OrgRow | None = None  # the organisation drilled into (`filters.under`)
    scope_size: int = 0  # every organisation the supervisor oversees

    @property
    def trail(self) -> list[Organization]:
        """Breadcrumbs down to the focus, the focus last."""
        if self.focus is None:
            return []
        return [*self.focus.path, self.focus.organization]

    def count_of(self, code: str) -> int:
        return next((c.count for c in self.counts if c.code == code), 0)


def build_overview(user, *, filters: OverviewFilters, today: date) -> Overview:
    """The overview of every organisation the user oversees (`overseen_org_ids`).

    Raises Http404 when `filters.under` is not one of them: a neighbour's organisation is
    not even named.
    """
    scope = overseen_org_ids(user)
    columns = status_columns()
    rows = _tree(Organization.objects.filter(pk__any_of=scope)) if scope else {}
    if filters.under is not None and filters.under not in rows:
        raise Http404("组织不存在")
    _attach_meetings(rows, filters=filters, today=today)
    _roll_up(rows)

    focus = rows[filters.under] if filters.under is not None else None
    in_focus = _subtree(rows, focus) if focus is not None else sorted(rows.values(), key=lambda r: r.order)
    counted = {code: 0 for code in COUNT_CODES}
    for row in in_focus:
        counted[row.status_code] = counted.get(row.status_code, 0) + 1
    counts = [StatusCount(code, code_label(code), counted[code]) for code in COUNT_CODES]

    if filters.is_flat:
        shown = [row for row in in_focus if _matches(row, filters)]
        if filters.sort == Sort.LATE:
            shown.sort(key=lambda r: (-r.lateness, r.order))
    else:
        parent = focus.pk if focus is not None else None
        shown = [row for row in in_focus if row.parent_id == parent]
    return Overview(filters, columns, shown, counts, len(in_focus), focus, len(rows))


def _tree(organizations: Iterable[Organization]) -> dict[int, OrgRow]:
    """The rows of the organisations in scope, linked into a tree, keyed by id.

    A top is an organisation whose parent is outside the scope (the county's 党委 for the
    county's 组织部; each assigned organisation for a 督导组). Siblings keep the model's order.
    """
    orgs = list(organizations)
    by_id = {o.pk: o for o in orgs}
    children: dict[int | None, list[Organization]] = {}
    for org in orgs:
        parent = org.parent_id if org.parent_id in by_id else None
        children.setdefault(parent, []).append(org)

    rows: dict[int, OrgRow] = {}

    def walk(tops: list[Organization]) -> None:
        stack = [(org, None) for org in reversed(tops)]
        while stack:
            org, parent_row = stack.pop()
            if org.pk in rows:  # a cycle in the parents: seen already
                continue
            row = OrgRow(
                organization=org,
                depth=parent_row.depth + 1 if parent_row else 0,
                parent_id=parent_row.pk if parent_row else None,
                path=[*parent_row.path, parent_row.organization] if parent_row else [],
                order=len(rows),
            )
            rows[org.pk] = row
            kids = children.get(org.pk, [])
            row.children_count = len(kids)
            stack.extend((kid, row) for kid in reversed(kids))

    walk(children.get(None, []))
    # Organisations whose parents loop among themselves have no top: each becomes one.
    walk([o for o in orgs if o.pk not in rows])
    return rows


def _attach_meetings(rows: dict[int, OrgRow], *, filters: OverviewFilters, today: date) -> None:
    """Each organisation's meetings of the year (and kind) and their statuses, in one
    query of meetings and one batched status call."""
    if not rows:
        return
    meetings = Meeting.objects.filter(organization_id__any_of=list(rows), year=filters.year)
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    meetings = list(meetings.order_by("is_special", "created_at", "id"))
    for meeting in meetings:
        meeting.organization = rows[meeting.organization_id].organization  # no query per meeting
    statuses = _statuses(meetings, today)
    for meeting in meetings:
        row = rows[meeting.organization_id]
        row.meetings.append(MeetingRow(meeting, statuses.get(meeting.pk, {})))
    for row in rows.values():
        if len(row.meetings) == 1:  # nearly every organisation: its one meeting's statuses
            row.own = dict(row.meetings[0].statuses)
        elif row.meetings:
            keys = {key for m in row.meetings for key in m.statuses}
            row.own = {key: worst(m.statuses[key] for m in row.meetings if key in m.statuses) for key in keys}


def _statuses(meetings: list[Meeting], today: date) -> dict[int, dict[str, PhaseStatus]]:
    from meetings.status import meeting_statuses

    return meeting_statuses(meetings, today) if meetings else {}


def _roll_up(rows: dict[int, OrgRow]) -> None:
    """Fill each row's `below` and `below_count`, children before parents."""
    for row in sorted(rows.values(), key=lambda r: r.order, reverse=True):
        if row.parent_id is None:
            continue
        parent = rows[row.parent_id]
        parent.below_count += 1 + row.below_count
        for statuses in (row.own, row.below):  # the child's roll-up: its own and its subtree's
            for key, status in statuses.items():
                held = parent.below.get(key)
                if held is None or status.rank > held.rank:
                    parent.below[key] = status


def _subtree(rows: dict[int, OrgRow], focus: OrgRow) -> list[OrgRow]:
    """The focus and everything below it, in tree order (a pre-order is contiguous)."""
    ordered = sorted(rows.values(), key=lambda r: r.order)
    return ordered[focus.order : focus.order + 1 + focus.below_count]


def _matches(row: OrgRow, filters: OverviewFilters) -> bool:
    if filters.q:
        needle = filters.q.casefold()
        org = row.organization
        if needle not in org.name.casefold() and needle not in org.short_name.casefold():
            return False
    if filters.stage and not any(m.meeting.stage == filters.stage for m in row.meetings):
        return False
    if filters.overdue_only and row.status_code != Code.OVERDUE:
        return False
    if filters.status:
        if filters.column:
            status = row.own.get(filters.column)
            code = status.code if status is not None else NO_MEETING
        else:
            code = row.status_code
        if code != filters.status:
            return False
    return True
