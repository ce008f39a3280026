"""The speaking clock of meeting mode as a pure function: events in, slot times out.

The recorder's page and the server run the same small machine (static/js/meeting_mode.js
holds its mirror): the page applies each press at once, keeps it in a queue and sends it
when it can; the server stores every event once and replays the whole log of the sitting
in time order. Replaying from the log, rather than applying each event to the slots as it
arrives, is what makes the protocol safe: an event sent twice is stored once, and events
arriving in another order than they were made give the same slot times.

The moves, each naming the slot the recorder sees as current (a press made on a stale
view — another window moved on meanwhile — changes nothing):

- start(S): S becomes the current slot; the one running before ends at that moment. A
  slot started again after it ended counts the time in between as paused.
- pause(S) / resume(S): the clock of S stops and runs again; the pause is kept apart.
- next(S): S ends; the following slot that is spoken (not marked 请假) starts at once.
- stop(S): S ends; no slot runs until the next start.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime


class Move:
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    NEXT = "next"
    STOP = "stop"

    CHOICES = [(START, "开始"), (PAUSE, "暂停"), (RESUME, "继续"), (NEXT, "下一位"), (STOP, "结束本项")]
    LABELS = dict(CHOICES)


@dataclass(frozen=True)
class Press:
    """One event of the log as the machine sees it."""

    move: str
    slot: int
    at: datetime
    # Ties (two presses in the same millisecond) keep the order the device made them in,
    # then the order the server stored them in.
    seq: int = 0
    stored: int = 0


@dataclass
class Clock:
    """What the log says of one slot."""

    started_at: datetime | None = None
    ended_at: datetime | None = None
    paused_at: datetime | None = None
    paused: float = 0.0  # seconds of pauses that are over

    @property
    def paused_seconds(self) -> int:
        return round(self.paused)


@dataclass
class Replay:
    """The outcome: every slot the log touched, the current one, and what had no effect."""

    clocks: dict[int, Clock] = field(default_factory=dict)
    current: int | None = None
    running: bool = False
    ignored: list[Press] = field(default_factory=list)

    def clock(self, slot: int) -> Clock:
        return self.clocks.setdefault(slot, Clock())


def replay(presses: Iterable[Press], order: list[int], skipped: set[int] = frozenset()) -> Replay:
    """Replay `presses` over the slots `order` (the sitting's slot ids in order); the slots
    in `skipped` (marked 请假) are never started."""
    position = {slot: i for i, slot in enumerate(order)}
    state = Replay()
    for press in sorted(presses, key=lambda p: (p.at, p.seq, p.stored)):
        if press.slot not in position or not _apply(state, press, order, position, skipped):
            state.ignored.append(press)
    return state


def _apply(state: Replay, press: Press, order, position, skipped) -> bool:
    at, slot = press.at, press.slot
    if press.move == Move.START:
        if slot in skipped:
            return False
        if state.current == slot:
            return _resume(state, at) if not state.running else False
        _end_current(state, at)
        _open(state, slot, at)
        return True
    if state.current != slot:
        return False  # made on a view that had not seen the last move
    if press.move == Move.PAUSE:
        if not state.running:
            return False
        state.running = False
        state.clock(slot).paused_at = at
        return True
    if press.move == Move.RESUME:
        return _resume(state, at) if not state.running else False
    if press.move == Move.NEXT:
        _end_current(state, at)
        following = next((s for s in order[position[slot] + 1:] if s not in skipped), None)
        if following is not None:
            _open(state, following, at)
        return True
    if press.move == Move.STOP:
        _end_current(state, at)
        return True
    return False


def _open(state: Replay, slot: int, at: datetime) -> None:
    clock = state.clock(slot)
    if clock.started_at is None:
        clock.started_at = at
    elif clock.ended_at is not None:
        # Taken up again (the recorder went back): the time it stood ended is not spoken.
        clock.paused += max(0.0, (at - clock.ended_at).total_seconds())
        clock.ended_at = None
    state.current, state.running = slot, True


def _resume(state: Replay, at: datetime) -> bool:
    clock = state.clock(state.current)
    clock.paused += max(0.0, (at - clock.paused_at).total_seconds())
    clock.paused_at = None
    state.running = True
    return True


def _end_current(state: Replay, at: datetime) -> None:
    if state.current is None:
        return
    clock = state.clock(state.current)
    if clock.paused_at is not None:
        clock.paused += max(0.0, (at - clock.paused_at).total_seconds())
        clock.paused_at = None
    clock.ended_at = at
    state.current, state.running = None, False
