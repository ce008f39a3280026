"""The speaking clock of meeting mode replayed from its events (proceedings.mode_replay)."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from proceedings.mode_replay import Move, Press, replay

NINE = datetime(2026, 12, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SLOTS = [11, 12, 13, 14]


def at(minutes, seconds=0):
    return NINE + timedelta(minutes=minutes, seconds=seconds)


def spoken(clock):
    return (clock.ended_at - clock.started_at).total_seconds() - clock.paused


def test_next_ends_the_current_slot_and_starts_the_following_one_at_the_same_moment():
    result = replay([Press(Move.START, 11, at(0)), Press(Move.NEXT, 11, at(15))], SLOTS)
    assert result.clocks[11].started_at == at(0) and result.clocks[11].ended_at == at(15)
    assert result.clocks[12].started_at == at(15) and result.clocks[12].ended_at is None
    assert (result.current, result.running) == (12, True)


def test_a_pause_is_kept_apart_from_the_time_spoken():
    result = replay([
        Press(Move.START, 11, at(0)), Press(Move.PAUSE, 11, at(1)), Press(Move.RESUME, 11, at(3)),
        Press(Move.PAUSE, 11, at(5)), Press(Move.RESUME, 11, at(5, 30)), Press(Move.NEXT, 11, at(10)),
    ], SLOTS)
    clock = result.clocks[11]
    assert clock.paused_seconds == 150
    assert spoken(clock) == 450


def test_a_slot_ended_while_paused_counts_the_pause_up_to_its_end():
    result = replay([Press(Move.START, 11, at(0)), Press(Move.PAUSE, 11, at(4)), Press(Move.NEXT, 11, at(6))], SLOTS)
    assert result.clocks[11].paused_seconds == 120 and result.clocks[11].paused_at is None
    assert result.current == 12 and result.running


def test_a_paused_slot_shows_when_its_pause_began():
    result = replay([Press(Move.START, 11, at(0)), Press(Move.PAUSE, 11, at(4))], SLOTS)
    assert result.clocks[11].paused_at == at(4)
    assert (result.current, result.running) == (11, False)


def test_events_arriving_in_any_order_give_the_same_times():
    presses = [
        Press(Move.START, 11, at(0), seq=1), Press(Move.PAUSE, 11, at(2), seq=2), Press(Move.RESUME, 11, at(3), seq=3),
        Press(Move.NEXT, 11, at(9), seq=4), Press(Move.NEXT, 12, at(14), seq=5), Press(Move.STOP, 13, at(20), seq=6),
    ]
    expected = replay(presses, SLOTS)
    shuffled = list(presses)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert replay(shuffled, SLOTS).clocks == expected.clocks
    assert replay(list(reversed(presses)), SLOTS).clocks == expected.clocks
    assert spoken(expected.clocks[13]) == 360 and expected.current is None


def test_presses_in_the_same_millisecond_keep_the_order_the_device_made_them_in():
    presses = [Press(Move.START, 11, at(0), seq=1), Press(Move.NEXT, 11, at(5), seq=2), Press(Move.PAUSE, 12, at(5), seq=3)]
    result = replay(list(reversed(presses)), SLOTS)
    assert result.current == 12 and not result.running and result.clocks[12].paused_at == at(5)


def test_a_press_made_on_a_view_that_missed_the_last_move_changes_nothing():
    # Two windows: one pressed 下一位 on 11; the other, not yet refreshed, pauses 11.
    result = replay([Press(Move.START, 11, at(0)), Press(Move.NEXT, 11, at(5)), Press(Move.PAUSE, 11, at(6))], SLOTS)
    assert result.current == 12 and result.running
    assert [p.move for p in result.ignored] == [Move.PAUSE]


def test_pausing_twice_or_resuming_a_running_slot_is_ignored():
    result = replay([
        Press(Move.START, 11, at(0)), Press(Move.RESUME, 11, at(1)), Press(Move.PAUSE, 11, at(2)),
        Press(Move.PAUSE, 11, at(3)), Press(Move.RESUME, 11, at(4)), Press(Move.STOP, 11, at(10)),
    ], SLOTS)
    assert result.clocks[11].paused_seconds == 120
    assert [p.move for p in result.ignored] == [Move.RESUME, Move.PAUSE]


def test_next_passes_over_slots_marked_on_leave():
    result = replay([Press(Move.START, 11, at(0)), Press(Move.NEXT, 11, at(5))], SLOTS, skipped={12, 13})
    assert result.current == 14 and 12 not in result.clocks and 13 not in result.clocks


def test_a_slot_on_leave_cannot_be_started():
    result = replay([Press(Move.START, 12, at(0))], SLOTS, skipped={12})
    assert result.current is None and result.clocks == {}


def test_next_on_the_last_slot_ends_it_and_nothing_runs():
    result = replay([Press(Move.START, 14, at(0)), Press(Move.NEXT, 14, at(3))], SLOTS)
    assert result.current is None and result.clocks[14].ended_at == at(3)


def test_starting_another_slot_ends_the_one_running():
    result = replay([Press(Move.START, 11, at(0)), Press(Move.START, 13, at(4))], SLOTS)
    assert result.clocks[11].ended_at == at(4) and result.current == 13
    assert 12 not in result.clocks


def test_a_slot_taken_up_again_counts_the_time_between_as_paused():
    result = replay([
        Press(Move.START, 11, at(0)), Press(Move.NEXT, 11, at(5)), Press(Move.START, 11, at(7)),
        Press(Move.STOP, 11, at(8)),
    ], SLOTS)
    clock = result.clocks[11]
    assert clock.started_at == at(0) and clock.ended_at == at(8) and clock.paused_seconds == 120
    assert spoken(clock) == 360
    assert result.clocks[12].ended_at == at(7)


def test_a_press_for_a_slot_not_in_the_sitting_is_ignored():
    result = replay([Press(Move.START, 99, at(0))], SLOTS)
    assert result.clocks == {} and len(result.ignored) == 1
