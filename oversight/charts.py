"""The overview's two pictures, drawn on the server as SVG (no script, no CDN).

Each function turns plain figures into what the template draws: rectangles and points
in a fixed viewBox, with every figure also given as text (the template prints them beside
the bars and in a table), so the picture is never the only place a number is.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from meetings.status import Code

# The order of a bar's segments, left to right: what is finished first, what is late last.
SEGMENTS = (Code.DONE, Code.STARTED, Code.NOT_STARTED, Code.DUE_SOON, Code.OVERDUE)
BAR_WIDTH = 400  # viewBox units of the longest bar


@dataclass(frozen=True)
class Segment:
    code: str
    label: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    total: int  # meetings the phase applies to (不适用 left out)
    done: int
    segments: list[Segment]

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def completion_bars(columns, status_maps: Iterable[dict]) -> list[Bar]:
    """Per column: how many meetings are done, in progress, not started, due soon, late.

    `columns` are meetings.status columns (key, label); `status_maps` one {key: PhaseStatus}
    per meeting. 不适用 is counted nowhere: a phase that does not apply is not unfinished.
    """
    maps = list(status_maps)
    bars = []
    for column in columns:
        counts = {code: 0 for code in SEGMENTS}
        for statuses in maps:
            status = statuses.get(column.key)
            if status is not None and status.code in counts:
                counts[status.code] += 1
        total = sum(counts.values())
        x = 0.0
        segments = []
        for code in SEGMENTS:
            width = BAR_WIDTH * counts[code] / total if total else 0.0
            segments.append(Segment(code, Code.LABELS[code], counts[code], round(x, 2), round(width, 2)))
            x += width
        bars.append(Bar(column.key, column.label, total, counts[Code.DONE], segments))
    return bars


@dataclass(frozen=True)
class Point:
    day: date
    count: int
    x: float
    y: float


@dataclass(frozen=True)
class Series:
    points: list[Point]
    peak: int
    width: int
    height: int

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


def lateness_over_time(phases: Iterable[tuple[date | None, date | None]], *, start: date, today: date, step_days: int = 7, width: int = 560, height: int = 160) -> Series:
    """Overdue phases on each day from `start` to `today`, every `step_days` (weekly).

    `phases` are (due date, done date) pairs, one per phase of a meeting. A phase is
    overdue on day d when it was due before d and not done by d: the line is what the
    overview would have shown that morning, rebuilt from the dates alone.
    """
    pairs = [(due, done) for due, done in phases if due is not None]
    days = []
    day = start
    while day < today:
        days.append(day)
        day += timedelta(days=step_days)
    days.append(today)
    # A phase is overdue on the days strictly between its due date and its done date (for
    # ever when not done): each adds one over that run of days, found by bisection, not by
    # asking every phase on every day (4,000 phases × 49 weeks).
    steps = [0] * (len(days) + 1)
    for due, done in pairs:
        first = bisect_right(days, due)
        last = bisect_left(days, done) if done is not None else len(days)
        if first < last:
            steps[first] += 1
            steps[last] -= 1
    counts = list(accumulate(steps[:-1]))
    peak = max(counts, default=0)
    span = max(len(days) - 1, 1)
    points = [
        Point(d, n, round(width * i / span, 1), round(height - (height * n / peak if peak else 0), 1))
        for i, (d, n) in enumerate(zip(days, counts))
    ]
    return Series(points, peak, width, height)
