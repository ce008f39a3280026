"""The recorder's page and the server run the same speaking clock: the machine in
static/js/meeting_mode.js and proceedings.mode_replay give the same slot times for the
same presses (random sequences, fixed seeds), so what the page shows offline is what the
server records when the presses arrive."""

import random
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from proceedings.mode_replay import Move, Press, replay

pytestmark = pytest.mark.browser

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "meeting_mode.js"
NINE = datetime(2026, 12, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ORDER = [11, 12, 13, 14, 15, 16]
SKIPPED = {13, 16}
MOVES = [Move.START, Move.PAUSE, Move.RESUME, Move.NEXT, Move.STOP]


def presses_for(seed: int) -> list[Press]:
    """A recorder's afternoon: mostly sensible presses, some stale or on leave, some in the same millisecond."""
    rng = random.Random(seed)
    at, presses = NINE, []
    for seq in range(1, rng.randint(3, 25)):
        at += timedelta(milliseconds=rng.choice([0, 1, 1500, 60_000, 299_999, 300_000, 900_000]))
        presses.append(Press(rng.choice(MOVES), rng.choice(ORDER), at, seq=seq))
    return presses


def ms(value):
    return None if value is None else int(value.timestamp() * 1000)


def server_side(presses):
    result = replay(presses, ORDER, SKIPPED)
    clocks = {
        str(slot): [ms(c.started_at), ms(c.ended_at), ms(c.paused_at), round(c.paused, 3)]
        for slot, c in result.clocks.items()
    }
    return {"clocks": clocks, "current": result.current, "running": result.running}


PAGE_SIDE = """([slots, presses]) => {
  const machine = new MeetingMode.Machine(slots);
  presses.forEach((p) => machine.apply(p));
  const clocks = {};
  Object.keys(machine.clocks).forEach((id) => {
    const c = machine.clocks[id];
    clocks[id] = [c.started_at, c.ended_at, c.paused_at, Math.round(c.paused * 1000) / 1000];
  });
  return {clocks: clocks, current: machine.current, running: machine.running};
}"""


def test_the_page_and_the_server_give_the_same_times_for_the_same_presses(browser):
    context = browser.new_context()
    page = context.new_page()
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
    slots = [{"id": s, "skipped": s in SKIPPED} for s in ORDER]
    try:
        compared = 0
        for seed in range(300):
            presses = presses_for(seed)
            sent = [{"move": p.move, "slot": p.slot, "at": ms(p.at), "seq": p.seq} for p in presses]
            expected = server_side(presses)
            assert page.evaluate(PAGE_SIDE, [slots, sent]) == expected, f"seed {seed}: {presses}"
            compared += bool(expected["clocks"])
        assert compared > 200  # most sequences did start something
    finally:
        context.close()
