"""The batched phase statuses (meetings.status): the one rule, the roll-up order, the
plan's provider, the meeting page's milestone rows, and a cost that does not grow."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from meetings.models import Meeting, MeetingKind, MilestoneKind, Stage, WorkPlan
from meetings.plans import plan_create_default
from meetings.status import (
    NOT_APPLICABLE,
    Code,
    PhaseStatus,
    StatusBatch,
    batch_facts,
    meeting_statuses,
    stage_reached,
    status_columns,
    status_from,
    worst,
)

from ..evaluation.conftest import make_branch_cast
from ..factories import MeetingFactory
from .phase_status_data import give_every_phase_work

TODAY = date(2026, 11, 10)


def _on(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def _rule(**facts):
    return status_from(today=TODAY, **{"due_date": None, "done_on": None, "started": False, **facts})


# --- the rule -------------------------------------------------------------------------


def test_done_is_done_and_says_how_late():
    on_time = _rule(due_date=TODAY, done_on=TODAY - timedelta(days=1))
    late = _rule(due_date=TODAY - timedelta(days=5), done_on=TODAY - timedelta(days=2))
    assert (on_time.code, on_time.label, on_time.done_late_days) == (Code.DONE, "已完成", 0)
    assert (late.code, late.done_late_days) == (Code.DONE, 3)


def test_past_its_date_and_not_done_is_late_by_the_days_since():
    status = _rule(due_date=TODAY - timedelta(days=4), started=True)
    assert (status.code, status.days_late, status.label) == (Code.OVERDUE, 4, "逾期4天")


@pytest.mark.parametrize("days_left", [0, 1, 3])
def test_due_within_three_days_is_due_soon_begun_or_not(days_left):
    for started in (False, True):
        status = _rule(due_date=TODAY + timedelta(days=days_left), started=started)
        assert (status.code, status.label) == (Code.DUE_SOON, "临期")


def test_further_off_it_says_whether_work_has_begun():
    due = TODAY + timedelta(days=4)
    assert _rule(due_date=due, started=True).label == "进行中"
    assert _rule(due_date=due, started=False).label == "未开始"
    assert _rule(started=False).label == "未开始"  # no date at all


def test_worst_first_more_days_late_then_due_soon_then_open_not_started_then_begun():
    late_9 = _rule(due_date=TODAY - timedelta(days=9))
    late_2 = _rule(due_date=TODAY - timedelta(days=2))
    soon = _rule(due_date=TODAY + timedelta(days=2))
    waiting = _rule(window_open=True)
    begun = _rule(started=True)
    not_yet = _rule(window_open=False)
    done = _rule(done_on=TODAY)
    ranked = sorted([done, NOT_APPLICABLE, not_yet, begun, waiting, soon, late_2, late_9], key=lambda s: -s.rank)
    assert ranked[:6] == [late_9, late_2, soon, waiting, begun, not_yet]
    assert {s.code for s in ranked[6:]} == {Code.DONE, Code.NOT_APPLICABLE}
    assert worst([begun, soon, done]) is soon
    assert worst([]) is None


def test_each_status_has_its_own_pill_class_and_an_open_window_is_marked():
    assert _rule(window_open=True).css == "ps-not_started ps-open"
    assert _rule(window_open=False).css == "ps-not_started"
    assert PhaseStatus(Code.OVERDUE, days_late=1).css == "ps-overdue"
    assert NOT_APPLICABLE.css == "ps-not_applicable"


# --- stage reached ----------------------------------------------------------------------


def _at(stage) -> Meeting:
    return Meeting(stage=stage)


def test_a_stage_is_reached_from_itself_on_along_the_main_line():
    assert stage_reached(_at(Stage.PREPARING), Stage.PREPARING)
    assert not stage_reached(_at(Stage.PLAN_REVIEW), Stage.PRE_MEETING)
    assert stage_reached(_at(Stage.HELD), Stage.PRE_MEETING)
    assert stage_reached(_at(Stage.ARCHIVED), Stage.HELD)


def test_a_halted_meeting_stands_where_it_is_prepared_anew():
    halted = _at(Stage.HALTED)
    assert stage_reached(halted, Stage.PRE_MEETING)
    assert not stage_reached(halted, Stage.CONVENE_REQUESTED)
    assert not stage_reached(halted, Stage.HELD)


# --- the columns ------------------------------------------------------------------------


def test_every_milestone_and_the_evaluation_have_a_column_in_the_order_of_the_work():
    keys = [c.key for c in status_columns()]
    assert keys == [
        MilestoneKind.PLAN,
        MilestoneKind.STUDY,
        MilestoneKind.OPINIONS,
        MilestoneKind.TALKS,
        MilestoneKind.MATERIALS,
        MilestoneKind.MEETING,
        MilestoneKind.REPORT,
        MilestoneKind.RECTIFICATION,
        "evaluation",
    ]


def test_a_democratic_life_meeting_has_no_evaluation(meeting):
    assert meeting_statuses([meeting], TODAY)[meeting.pk]["evaluation"] == NOT_APPLICABLE


def test_no_meetings_cost_no_queries():
    # no database here: a query would fail the test
    assert meeting_statuses([], TODAY) == {}


# --- the plan -----------------------------------------------------------------------------


def _plan_status(meeting):
    return meeting_statuses([Meeting.objects.get(pk=meeting.pk)], TODAY)[meeting.pk][MilestoneKind.PLAN]


def _due(meeting, kind, day):
    meeting.milestones.filter(kind=kind).update(due_date=day)


def test_the_default_plan_is_not_a_plan_begun(meeting):
    plan_create_default(meeting=meeting)
    _due(meeting, MilestoneKind.PLAN, TODAY + timedelta(days=10))
    assert _plan_status(meeting).label == "未开始"


def test_a_plan_with_a_place_or_saved_by_the_office_is_begun(cast, meeting):
    plan = plan_create_default(meeting=meeting)
    _due(meeting, MilestoneKind.PLAN, TODAY + timedelta(days=10))
    WorkPlan.objects.filter(pk=plan.pk).update(place="三楼会议室")
    assert _plan_status(meeting).label == "进行中"
    WorkPlan.objects.filter(pk=plan.pk).update(place="", updated_by=cast.office)
    assert _plan_status(meeting).label == "进行中"


def test_a_plan_gone_up_for_approval_is_begun_even_unwritten(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PLAN_REVIEW)
    assert _plan_status(meeting).code == Code.STARTED


def test_the_plan_done_and_late(meeting):
    _due(meeting, MilestoneKind.PLAN, TODAY - timedelta(days=6))
    assert _plan_status(meeting).label == "逾期6天"
    meeting.milestones.filter(kind=MilestoneKind.PLAN).update(done_at=_on(TODAY - timedelta(days=1)))
    status = _plan_status(meeting)
    assert (status.label, status.done_late_days) == ("已完成", 5)


def test_a_milestone_done_just_after_midnight_is_done_on_that_local_day(meeting):
    # 16:30 UTC on the 9th is 00:30 on the 10th in Beijing: one day late, not on time.
    _due(meeting, MilestoneKind.PLAN, TODAY - timedelta(days=1))
    meeting.milestones.filter(kind=MilestoneKind.PLAN).update(done_at=datetime(2026, 11, 9, 16, 30, tzinfo=UTC))
    batch = StatusBatch([meeting], TODAY)
    batch_facts(batch)
    assert batch.milestone(meeting, MilestoneKind.PLAN).done_on == TODAY
    assert _plan_status(meeting).done_late_days == 1


# --- the loop every provider shares ---------------------------------------------------------


def _from_rows(meetings, rows, **options):
    batch = StatusBatch(meetings, TODAY)
    batch_facts(batch)
    return batch.statuses_from_rows(MilestoneKind.STUDY, rows, **options)


def test_a_meeting_without_a_row_has_not_begun_and_one_with_a_row_has(meeting):
    other = MeetingFactory(organization=meeting.organization, year=meeting.year + 1)
    for m in (meeting, other):
        _due(m, MilestoneKind.STUDY, TODAY + timedelta(days=10))
    found = _from_rows([meeting, other], {other.pk: 3}, detail=lambda n: f"{n}次")
    assert (found[meeting.pk].code, found[meeting.pk].detail) == (Code.NOT_STARTED, "")
    assert (found[other.pk].code, found[other.pk].detail) == (Code.STARTED, "3次")


def test_a_row_the_phase_says_is_no_work_yet_shows_no_figure(meeting):
    _due(meeting, MilestoneKind.STUDY, TODAY + timedelta(days=10))
    found = _from_rows([meeting], {meeting.pk: {"written": 0}}, started=lambda row: row["written"] > 0,
                       detail=lambda row: "never shown")
    assert (found[meeting.pk].code, found[meeting.pk].detail) == (Code.NOT_STARTED, "")


def test_the_window_opens_with_its_stage_and_a_waived_phase_is_not_applicable(cast, meeting):
    from meetings.models import PhaseWaiver

    _due(meeting, MilestoneKind.STUDY, TODAY + timedelta(days=10))
    assert not _from_rows([meeting], {}, opens_at=Stage.HELD)[meeting.pk].window_open
    assert _from_rows([meeting], {})[meeting.pk].window_open  # no stage named: always open
    PhaseWaiver.objects.create(meeting=meeting, phase="study", reason="本年度已集中学习", by=cast.office)
    assert _from_rows([meeting], {}, waiver_key="study")[meeting.pk] == NOT_APPLICABLE


# --- cost ---------------------------------------------------------------------------------


def test_statuses_of_50_meetings_cost_the_queries_of_5(cast, same_queries_at_5_and_50):
    branch = make_branch_cast(cast)
    people = [branch.secretary.person, branch.member.person]

    def grow(n):
        while (count := Meeting.objects.count()) < n:
            if count % 2:  # every other one a branch's 组织生活会 with its evaluation
                made = MeetingFactory(organization=branch.branch, kind=MeetingKind.ORGANIZATION_LIFE, stage=Stage.HELD)
            else:
                made = MeetingFactory(organization=cast.gov, stage=Stage.RECTIFYING)
            give_every_phase_work(cast, made, people)

    count, found = same_queries_at_5_and_50(grow, lambda: meeting_statuses(Meeting.objects.all(), TODAY))
    assert len(found) == 50
    assert {s.code for statuses in found.values() for s in statuses.values()} > {Code.STARTED}
    print(f"meeting_statuses: {count} queries for 5 and for 50 meetings")
    # the meetings, their milestones and waivers, then one each per column but the evaluation's two
    assert count <= 3 + len(status_columns()) + 1


# --- the meeting page ------------------------------------------------------------------------


def _row(body: str, label: str) -> str:
    start = body.index(f"<span>{label}</span>")
    return body[start : body.index("</li>", start)]


def test_the_meeting_page_speaks_the_same_statuses(cast, meeting, login):
    today = timezone.localdate()
    _due(meeting, MilestoneKind.PLAN, today - timedelta(days=2))
    _due(meeting, MilestoneKind.STUDY, today + timedelta(days=1))
    meeting.milestones.filter(kind=MilestoneKind.OPINIONS).update(due_date=today, done_at=timezone.now())
    body = login(cast.secretary).get(f"/meetings/{meeting.pk}/").content.decode()
    assert '<span class="pill ps-overdue">逾期2天</span>' in _row(body, "方案报审")
    assert '<span class="pill ps-due_soon">临期</span>' in _row(body, "学习研讨")
    assert '<span class="pill ps-done">已完成</span>' in _row(body, "征求意见")
    # not reached yet (筹备): not started, and nobody is worried yet
    assert '<span class="pill ps-not_started">未开始</span>' in _row(body, "召开情况报告")
    for old in ("即将到期", "未到期", "已逾期"):
        assert old not in body


def test_the_meeting_page_says_not_applicable_for_a_waived_phase(cast, meeting, login):
    meeting.waivers.create(phase="talks", reason="班子仅一人", by=cast.office)
    body = login(cast.office).get(f"/meetings/{meeting.pk}/").content.decode()
    row = _row(body, "谈心谈话")
    assert '<span class="pill ps-not_applicable">不适用</span>' in row
    assert "标记完成" in row  # the office's button stays


def test_the_toggled_row_comes_back_with_its_new_status(cast, meeting, login):
    plan = meeting.milestones.get(kind=MilestoneKind.PLAN)
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PLAN_REVIEW)
    client = login(cast.office)
    body = client.post(f"/meetings/{meeting.pk}/milestones/{plan.pk}/toggle/", HTTP_HX_REQUEST="true").content.decode()
    assert '<span class="pill ps-done">已完成</span>' in body and "撤销完成" in body
    body = client.post(f"/meetings/{meeting.pk}/milestones/{plan.pk}/toggle/", HTTP_HX_REQUEST="true").content.decode()
    assert '<span class="pill ps-started">进行中</span>' in body and "标记完成" in body


def test_an_archived_meetings_unfinished_phases_are_not_late_for_ever(cast):
    from meetings.models import Milestone, MilestoneKind, Stage
    from meetings.status import meeting_statuses
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(organization=cast.gov)
    Milestone.objects.filter(meeting=meeting, kind=MilestoneKind.STUDY).update(due_date=date(2026, 3, 1))
    assert meeting_statuses([meeting], date(2026, 11, 20))[meeting.pk][MilestoneKind.STUDY].label == "逾期264天"
    meeting.stage = Stage.ARCHIVED
    meeting.save(update_fields=["stage"])
    statuses = meeting_statuses([meeting], date(2026, 11, 20))[meeting.pk]
    assert statuses[MilestoneKind.STUDY].code == "not_applicable"
    assert all(s.code in ("done", "not_applicable") for s in statuses.values())
