"""The pictures' figures: bars per column and overdue phases over time, from known data."""

from datetime import date

from meetings.status import Code, PhaseStatus, StatusColumn
from oversight.charts import BAR_WIDTH, completion_bars, lateness_over_time

COLUMNS = [StatusColumn("plan", "方案报审", 10, None), StatusColumn("talks", "谈心谈话", 40, None)]


def test_each_bar_counts_its_column_and_leaves_out_what_does_not_apply():
    maps = [
        {"plan": PhaseStatus(Code.DONE), "talks": PhaseStatus(Code.OVERDUE, days_late=4)},
        {"plan": PhaseStatus(Code.DONE), "talks": PhaseStatus(Code.NOT_APPLICABLE)},
        {"plan": PhaseStatus(Code.STARTED), "talks": PhaseStatus(Code.NOT_STARTED)},
    ]
    plan, talks = completion_bars(COLUMNS, maps)
    assert (plan.total, plan.done, plan.percent_done) == (3, 2, 67)
    assert {s.code: s.count for s in plan.segments}[Code.STARTED] == 1
    assert talks.total == 2 and {s.code: s.count for s in talks.segments}[Code.OVERDUE] == 1


def test_segments_fill_the_bar_end_to_end():
    maps = [{"plan": PhaseStatus(c)} for c in (Code.DONE, Code.STARTED, Code.OVERDUE, Code.OVERDUE)]
    (plan, _) = completion_bars(COLUMNS, maps)
    widths = [s.width for s in plan.segments]
    assert abs(sum(widths) - BAR_WIDTH) < 0.1
    overdue = next(s for s in plan.segments if s.code == Code.OVERDUE)
    assert overdue.width == BAR_WIDTH / 2 and abs(overdue.x + overdue.width - BAR_WIDTH) < 0.1


def test_no_meetings_draw_empty_bars():
    plan, _ = completion_bars(COLUMNS, [])
    assert plan.total == 0 and plan.percent_done == 0 and all(s.width == 0 for s in plan.segments)


def test_a_phase_is_late_from_the_day_after_its_due_date_until_it_is_done():
    phases = [
        (date(2026, 3, 10), date(2026, 3, 20)),  # late 11th–20th
        (date(2026, 3, 10), None),  # late from the 11th on
        (date(2026, 3, 30), date(2026, 3, 25)),  # done early: never late
        (None, None),  # no date: never late
    ]
    series = lateness_over_time(phases, start=date(2026, 3, 3), today=date(2026, 3, 31))
    by_day = {p.day: p.count for p in series.points}
    assert by_day[date(2026, 3, 3)] == 0
    assert by_day[date(2026, 3, 10)] == 0  # due today is not late yet
    assert by_day[date(2026, 3, 17)] == 2
    assert by_day[date(2026, 3, 24)] == 1
    assert by_day[date(2026, 3, 31)] == 1  # the last point is today
    assert series.peak == 2


def test_the_line_spans_the_picture_and_the_peak_touches_its_top():
    series = lateness_over_time([(date(2026, 1, 5), None)], start=date(2026, 1, 1), today=date(2026, 1, 29))
    assert series.points[0].x == 0 and series.points[-1].x == series.width
    assert min(p.y for p in series.points) == 0 and max(p.y for p in series.points) == series.height


def test_the_line_counts_what_asking_every_phase_on_every_day_counts():
    import random
    from datetime import timedelta

    rng = random.Random(7)
    start, today = date(2026, 1, 1), date(2026, 11, 20)
    phases = []
    for _ in range(600):
        due = start + timedelta(days=rng.randint(-20, 340)) if rng.random() > 0.05 else None
        done = (due or start) + timedelta(days=rng.randint(-10, 60)) if rng.random() > 0.3 else None
        phases.append((due, done))
    series = lateness_over_time(phases, start=start, today=today)
    for point in series.points:
        d = point.day
        expected = sum(1 for due, done in phases if due is not None and due < d and (done is None or done > d))
        assert point.count == expected, d
