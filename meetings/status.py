"""Many meetings' phase statuses at once: the vocabulary and the batched interface.

The supervisor's overview asks, for every meeting of hundreds of organisations, where each
phase stands; asking each meeting's checklist one by one costs ~70 ms a meeting. Each
phase instead registers one function that answers for a whole batch of meetings in a
fixed number of queries, whatever the batch's size (`register_status`). The meeting's own
page asks the same functions for its one meeting, so both pages speak one vocabulary:

    未开始 · 进行中 · 已完成 · 临期 · 逾期N天 · 不适用

"Not started" and "started, not done" differ: a phase says whether work has begun.
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime
from typing import Any, NamedTuple

from django.utils import timezone

log = logging.getLogger(__name__)

# Due within this many days and not done: 临期 (the reminders' own 3 days ahead).
WARNING_DAYS = 3


class Code:
    NOT_STARTED = "not_started"
    STARTED = "started"
    DONE = "done"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"

    LABELS = {
        NOT_STARTED: "未开始",
        STARTED: "进行中",
        DONE: "已完成",
        DUE_SOON: "临期",
        OVERDUE: "逾期",
        NOT_APPLICABLE: "不适用",
    }
    ALL = (OVERDUE, DUE_SOON, NOT_STARTED, STARTED, DONE, NOT_APPLICABLE)


@dataclass(frozen=True)
class PhaseStatus:
    """Where one phase of one meeting stands on a given day."""

    code: str
    due_date: date | None = None
    days_late: int = 0  # > 0 only when overdue
    # A phase not yet started whose window has not opened (the meeting has not reached
    # its stage) worries nobody yet; one whose window is open does.
    window_open: bool = True
    done_late_days: int = 0  # done after its due date, by this many days
    detail: str = ""  # a short figure for the page, e.g. "12/15"

    @property
    def label(self) -> str:
        if self.code == Code.OVERDUE:
            return f"逾期{self.days_late}天"
        return Code.LABELS[self.code]

    @property
    def css(self) -> str:
        """The classes of its pill in app.css (text and colour, never colour alone); the
        meeting page and the overview both use them."""
        if self.code == Code.NOT_STARTED and self.window_open:
            return "ps-not_started ps-open"
        return f"ps-{self.code}"

    @cached_property  # one object per distinct status (unpacked): asked thousands of times
    def rank(self) -> int:
        """Worst first, for roll-up and sorting: 逾期 (more days first) > 临期 > 未开始
        once its window has opened > 进行中 > 未开始 before its window > 已完成 / 不适用.
        (The overview's roll-up asks it some 17,000 times for a county: no dict built per call.)"""
        code = self.code
        if code == Code.OVERDUE:
            return 1000 + self.days_late
        if code == Code.NOT_STARTED:
            return 30 if self.window_open else 10
        return _RANKS.get(code, 0)

    def packed(self) -> tuple:
        """As kept in the cache: a plain tuple unpickles several times faster than the object."""
        return (self.code, self.due_date, self.days_late, self.window_open, self.done_late_days, self.detail)


_RANKS = {Code.DUE_SOON: 40, Code.STARTED: 20}
_unpacked: dict[tuple, "PhaseStatus"] = {}


def unpacked(values: tuple) -> PhaseStatus:
    """The status a packed tuple holds, one object for the same values (a county's
    statuses are a few dozen distinct ones among thousands)."""
    status = _unpacked.get(values)
    if status is None:
        if len(_unpacked) > 10_000:
            _unpacked.clear()
        status = _unpacked[values] = PhaseStatus(*values)
    return status


NOT_APPLICABLE = PhaseStatus(Code.NOT_APPLICABLE)


def stage_reached(meeting, stage: str) -> bool:
    """Has the meeting come as far as `stage` on its main line? A phase's window opens
    with the stage its work belongs to (study with 会前准备, the report with 已召开).

    叫停 counts as 会前准备: a halted meeting is prepared anew from there
    (workflow's restart_preparation) and is held again before anything after the meeting
    is due; the meeting page's stage bar shows it at the same place. The stage it was
    halted from would need a query per batch and would open windows (the report on a
    session that does not count) that the restart closes again.
    """
    if not _line_index:
        from .models import Stage

        _line_index.update({s: i for i, s in enumerate(Stage.main_line())})
        _line_index[Stage.HALTED] = _line_index[Stage.PRE_MEETING]
    current, wanted = _line_index.get(meeting.stage), _line_index.get(stage)
    return current is not None and wanted is not None and current >= wanted


_line_index: dict[str, int] = {}  # a stage's place on the main line, asked for every meeting of a batch


class MilestoneFacts(NamedTuple):
    """What a status needs of a milestone: read as plain values, thousands at a time.

    `done_on` is the local day of `done_at`, worked out once when the batch is read
    (batch_facts): the time-zone conversion was the costly part of a status."""

    kind: str
    due_date: date | None
    done_at: datetime | None
    done_on: date | None


def worst(statuses: Iterable[PhaseStatus]) -> PhaseStatus | None:
    """The roll-up: the worst of several statuses (None for none)."""
    return max(statuses, key=lambda s: s.rank, default=None)


def status_from(
    *,
    today: date,
    due_date: date | None,
    done_on: date | None,
    started: bool,
    window_open: bool = True,
    detail: str = "",
) -> PhaseStatus:
    """The one rule that turns a phase's facts into its status; every provider uses it."""
    if done_on is not None:
        late = (done_on - due_date).days if due_date and done_on > due_date else 0
        return PhaseStatus(Code.DONE, due_date, done_late_days=late, detail=detail)
    if due_date is not None and due_date < today:
        return PhaseStatus(Code.OVERDUE, due_date, days_late=(today - due_date).days, detail=detail)
    if due_date is not None and (due_date - today).days <= WARNING_DAYS:
        return PhaseStatus(Code.DUE_SOON, due_date, detail=detail)
    if started:
        return PhaseStatus(Code.STARTED, due_date, detail=detail)
    return PhaseStatus(Code.NOT_STARTED, due_date, window_open=window_open, detail=detail)


@dataclass
class StatusBatch:
    """What every provider is handed: the meetings and what `meetings` already read for
    all of them in one query each (their milestones and the phases marked 不适用)."""

    meetings: list
    today: date
    milestones: dict[tuple[int, str], MilestoneFacts] = field(default_factory=dict)  # (meeting id, kind)
    waived: set[tuple[int, str]] = field(default_factory=set)  # (meeting id, phase key)

    @property
    def ids(self) -> list[int]:
        return [m.pk for m in self.meetings]

    def milestone(self, meeting, kind: str):
        return self.milestones.get((meeting.pk, kind))

    def is_waived(self, meeting, key: str) -> bool:
        return (meeting.pk, key) in self.waived

    def from_milestone(self, meeting, kind: str, *, started: bool, window_open: bool = True, detail: str = "", waiver_key: str = "") -> PhaseStatus:
        """The status of a phase that has a milestone: its due date and done date, the
        phase's own word on whether work has begun, 不适用 when the office waived it."""
        if waiver_key and self.is_waived(meeting, waiver_key):
            return NOT_APPLICABLE
        milestone = self.milestone(meeting, kind)
        if milestone is None:
            return NOT_APPLICABLE
        return status_from(
            today=self.today,
            due_date=milestone.due_date,
            done_on=milestone.done_on,
            started=started,
            window_open=window_open,
            detail=detail,
        )

    def statuses_from_rows(
        self,
        kind: str,
        rows: Mapping[int, Any],
        *,
        opens_at: str | None = None,
        started: Callable[[Any], bool] | None = None,
        detail: Callable[[Any], str] | None = None,
        waiver_key: str = "",
    ) -> dict[int, PhaseStatus]:
        """Every meeting's status for a phase that has a milestone, from what the phase's
        one query read: `rows` holds a row for each meeting that has any work
        ({meeting id: row}); a meeting without one has not begun.

        A meeting with a row has begun unless `started(row)` says otherwise (a material
        opened but not written); `detail(row)` is the short figure shown for a begun one.
        The window opens with the stage `opens_at` (stage_reached), or is always open.
        """
        found = {}
        for meeting in self.meetings:
            row = rows.get(meeting.pk)
            begun = meeting.pk in rows and (started is None or started(row))
            found[meeting.pk] = self.from_milestone(
                meeting,
                kind,
                started=begun,
                window_open=opens_at is None or stage_reached(meeting, opens_at),
                detail=detail(row) if begun and detail is not None else "",
                waiver_key=waiver_key,
            )
        return found


StatusProvider = Callable[[StatusBatch], dict[int, PhaseStatus]]


@dataclass(frozen=True)
class StatusColumn:
    key: str  # a MilestoneKind where the phase has a milestone, else the phase's own key
    label: str
    order: int
    provider: StatusProvider


_columns: list[StatusColumn] = []


def register_status(key: str, label: str, order: int = 100):
    """Register a phase's batched status: `func(batch) -> {meeting id: PhaseStatus}`.

    The function must answer for every meeting of the batch in a fixed number of queries
    (a test asks it for 5 and for 50 meetings); a meeting it leaves out is 不适用 there.
    """

    def decorator(func: StatusProvider) -> StatusProvider:
        _columns[:] = [c for c in _columns if c.key != key]
        _columns.append(StatusColumn(key, label, order, func))
        _columns.sort(key=lambda c: c.order)
        return func

    return decorator


def status_columns() -> list[StatusColumn]:
    return list(_columns)


def batch_facts(batch: StatusBatch) -> None:
    """Read what every provider is handed: the milestones and the waivers (two queries)."""
    from .models import Milestone, PhaseWaiver

    ids = batch.ids
    rows = Milestone.objects.filter(meeting_id__any_of=ids).order_by().values_list("meeting_id", "kind", "due_date", "done_at")
    batch.milestones = {
        (meeting_id, kind): MilestoneFacts(kind, due, done, timezone.localtime(done).date() if done else None)
        for meeting_id, kind, due, done in rows
    }
    batch.waived = set(PhaseWaiver.objects.filter(meeting_id__any_of=ids).values_list("meeting_id", "phase"))


def meeting_statuses(
    meetings, today: date | None = None, *, afresh: bool = False, kept: set | None = None
) -> dict[int, dict[str, PhaseStatus]]:
    """Every registered phase's status for each meeting: {meeting id: {key: status}}.

    Two queries of its own (milestones, waivers) plus each provider's fixed few, for what
    the cache does not hold: each phase's answers are kept per meeting under the day,
    with the tables the phase read (meetings.checklist_cache), so a county's overview
    reloaded between writes asks no phase at all, a write to one phase's tables asks that
    phase alone again, and a status is never older than the last write. `afresh`: compute
    and keep them all, whatever is kept; `kept`: gets the ids of the meetings stored
    (refresh_kept_statuses).
    """
    from . import checklist_cache

    meetings = list(meetings)
    today = today or timezone.localdate()
    if not meetings:
        return {}
    if not checklist_cache.enabled():
        return _computed(meetings, today)[0]
    columns = [str(c.key) for c in _columns]
    found = checklist_cache.remembered_columns(
        "status",
        [m.pk for m in meetings],
        columns=columns,
        day=today,
        layout=checklist_cache.layout_of(f"{c.key}:{c.order}" for c in _columns),
        compute=lambda ids, keys: _computed(_read_afresh(ids), today, keys),
        pack=PhaseStatus.packed,
        unpack=unpacked,
        afresh=afresh,
        kept=kept,
    )
    # A meeting deleted since the caller read it was left out by _read_afresh (and so not
    # kept): no phase has anything to say about it.
    for meeting in meetings:
        statuses = found.setdefault(meeting.pk, {})
        if len(statuses) < len(columns):
            for key in columns:
                statuses.setdefault(key, NOT_APPLICABLE)
    return found


# Meetings whose statuses the refresh keeps: this year's and the last (the overview's
# default year and the one a supervisor compares it with).
REFRESHED_YEARS = 2
REFRESH_CHUNK = 500


def refresh_kept_statuses(today: date | None = None) -> tuple[int, int]:
    """Compute and keep the statuses of every meeting of the recent years, a chunk at a
    time (Celery beat, every few minutes, and when a worker starts: meetings.tasks).

    A county's statuses cost ~150 ms to compute at 500 organisations and ~15 ms to read
    when kept, and kept answers last TIMEOUT at most: without this, the first overview
    after a quiet spell and the first of each morning (the statuses are kept per day)
    would pay for computing all of them. What a write since has made stale is computed
    again by the page that asks, as always; this only keeps the rest from expiring.

    A chunk during which something was written is computed right but not kept (the
    cache's rule): it is tried once more, and what is kept in the end is counted and
    logged, so that a refresh that keeps little is seen. Returns (kept, meetings); (0, 0)
    where the cache is not shared."""
    from . import checklist_cache
    from .models import Meeting

    if not checklist_cache.enabled():
        return 0, 0
    today = today or timezone.localdate()
    ids = list(
        Meeting.objects.filter(year__gt=today.year - REFRESHED_YEARS).order_by("pk").values_list("pk", flat=True)
    )
    kept: set[int] = set()
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start : start + REFRESH_CHUNK]
        for _attempt in range(2):
            left = [pk for pk in chunk if pk not in kept]
            if not left:
                break
            meeting_statuses([Meeting(pk=pk) for pk in left], today, afresh=True, kept=kept)  # only ids are read
    log.info("statuses refreshed: %d of %d meetings kept", len(kept), len(ids))
    return len(kept), len(ids)


def _read_afresh(ids: list[int]) -> list:
    """The meetings read anew for the cache: nothing a page fetched with them beforehand
    (prefetched phases' rows) may escape what the answers are said to depend on. A
    meeting deleted meanwhile is left out."""
    from .models import Meeting

    by_id = {m.pk: m for m in Meeting.objects.select_related("organization").filter(pk__any_of=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _computed(meetings: list, today: date, keys=None) -> tuple[dict[int, dict[str, PhaseStatus]], dict[str, set]]:
    """The statuses of these meetings, of the columns `keys` (None: all), and the tables
    each column read (meetings.checklist_cache keeps each column with them)."""
    from .checklist_cache import reading_tables
    from .models import Stage

    ids = [m.pk for m in meetings]
    batch = StatusBatch(meetings, today)
    with reading_tables() as base:
        batch_facts(batch)
    found: dict[int, dict[str, PhaseStatus]] = {pk: {} for pk in ids}
    read: dict[str, set] = {}
    for column in _columns:
        key = str(column.key)  # plain strings: a MilestoneKind unpickles through Enum's call
        if keys is not None and key not in keys:
            continue
        with reading_tables() as tables:
            answered = column.provider(batch)
        read[key] = base | tables
        for pk in ids:
            found[pk][key] = answered.get(pk, NOT_APPLICABLE)
    # An archived meeting's cycle is closed: a phase never marked done can be done no more,
    # so it is 不适用 from then on instead of late for ever (the overview would otherwise
    # count it 逾期 and offer to chase an office that can change nothing).
    for meeting in meetings:
        if meeting.stage == Stage.ARCHIVED:
            statuses = found[meeting.pk]
            for key, status in statuses.items():
                if status.code != Code.DONE:
                    statuses[key] = NOT_APPLICABLE
    return found, read
