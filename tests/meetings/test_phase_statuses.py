"""Each phase's batched status on real rows: not started → begun → done, late by N days,
不适用 when the office waived the phase, and the window that opens with the stage."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from evaluation.models import Evaluation, Grade, Registration, RegistrationState, Verdict, VerdictState
from meetings.models import Meeting, MilestoneKind, Stage
from meetings.status import Code, meeting_statuses

from ..evaluation.conftest import make_branch_cast, make_life_meeting
from .phase_status_data import (
    DAY,
    begin_application,
    begin_evaluation,
    begin_materials,
    begin_meeting,
    begin_opinions,
    begin_rectification,
    begin_report,
    begin_study,
    begin_talks,
    hold,
)

TODAY = date(2026, 11, 10)


def _status(meeting, key):
    fresh = Meeting.objects.get(pk=meeting.pk)
    return meeting_statuses([fresh], TODAY)[meeting.pk][key]


def _stage(meeting, stage):
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    meeting.stage = stage


def _due(meeting, kind, day):
    meeting.milestones.filter(kind=kind).update(due_date=day)


def _done(meeting, kind, day):
    at = timezone.make_aware(datetime(day.year, day.month, day.day, 10))
    meeting.milestones.filter(kind=kind).update(done_at=at)


# The phases before the meeting: their windows open with 会前准备; each may be waived.
BEFORE = [
    (MilestoneKind.STUDY, "study", begin_study, "1次"),
    (MilestoneKind.OPINIONS, "feedback", begin_opinions, "收到1条"),
    (MilestoneKind.TALKS, "talks", begin_talks, "已确认0/1次"),
    (MilestoneKind.MATERIALS, "inspections", begin_materials, "通过0/1份"),
]


@pytest.mark.parametrize("kind, waiver, begin, detail", BEFORE)
def test_a_phase_before_the_meeting_from_not_started_to_done(cast, meeting, kind, waiver, begin, detail):
    _due(meeting, kind, TODAY + timedelta(days=10))
    status = _status(meeting, kind)
    assert (status.label, status.window_open) == ("未开始", False)  # still 筹备: nobody worried yet

    _stage(meeting, Stage.PRE_MEETING)
    status = _status(meeting, kind)
    assert (status.label, status.window_open) == ("未开始", True)

    begin(cast, meeting)
    status = _status(meeting, kind)
    assert (status.label, status.detail) == ("进行中", detail)

    _done(meeting, kind, TODAY)
    assert _status(meeting, kind).label == "已完成"


@pytest.mark.parametrize("kind, waiver, begin, detail", BEFORE)
def test_a_phase_before_the_meeting_late_and_waived(cast, meeting, kind, waiver, begin, detail):
    _stage(meeting, Stage.PRE_MEETING)
    begin(cast, meeting)
    _due(meeting, kind, TODAY - timedelta(days=3))
    assert _status(meeting, kind).label == "逾期3天"

    meeting.waivers.create(phase=waiver, reason="不适用的理由", by=cast.office)
    assert _status(meeting, kind).code == Code.NOT_APPLICABLE


def test_a_cancelled_talk_is_no_talk_begun(cast, meeting):
    begin_talks(cast, meeting)
    meeting.talks.update(state="cancelled")
    assert _status(meeting, MilestoneKind.TALKS).code == Code.NOT_STARTED


def test_an_empty_material_is_not_begun(cast, meeting):
    begin_materials(cast, meeting)
    meeting.materials.update(started_at=None)
    assert _status(meeting, MilestoneKind.MATERIALS).code == Code.NOT_STARTED


# --- the meeting ----------------------------------------------------------------------


@pytest.mark.parametrize("begin", [begin_meeting, begin_application])
def test_the_meeting_is_begun_with_the_preparation_report_or_the_application(cast, meeting, begin):
    _stage(meeting, Stage.PRE_MEETING)
    _due(meeting, MilestoneKind.MEETING, TODAY + timedelta(days=20))
    assert _status(meeting, MilestoneKind.MEETING).label == "未开始"
    begin(cast, meeting)
    assert _status(meeting, MilestoneKind.MEETING).label == "进行中"


def test_the_meeting_asked_for_is_begun_and_once_held_done(cast, meeting):
    _stage(meeting, Stage.CONVENE_REQUESTED)
    _due(meeting, MilestoneKind.MEETING, TODAY - timedelta(days=1))
    assert _status(meeting, MilestoneKind.MEETING).label == "逾期1天"
    _done(meeting, MilestoneKind.MEETING, TODAY)
    assert _status(meeting, MilestoneKind.MEETING).label == "已完成"


# --- the situation report ---------------------------------------------------------------


def test_the_report_opens_when_the_meeting_is_held_and_is_begun_with_a_draft(cast, meeting):
    _stage(meeting, Stage.CONVENE_APPROVED)
    assert _status(meeting, MilestoneKind.REPORT).window_open is False
    _stage(meeting, Stage.HELD)
    hold(meeting)
    _due(meeting, MilestoneKind.REPORT, DAY + timedelta(days=15))
    status = _status(meeting, MilestoneKind.REPORT)
    assert (status.label, status.window_open) == ("未开始", True)
    begin_report(cast, meeting)
    status = _status(meeting, MilestoneKind.REPORT)
    assert (status.label, status.detail) == ("进行中", "草稿")
    _done(meeting, MilestoneKind.REPORT, TODAY)
    assert _status(meeting, MilestoneKind.REPORT).label == "已完成"


def test_the_report_on_a_halted_session_does_not_count_for_the_next(cast, meeting):
    _stage(meeting, Stage.HELD)
    begin_report(cast, meeting)  # on DAY
    hold(meeting, DAY + timedelta(days=5))  # halted, prepared anew, held again
    _due(meeting, MilestoneKind.REPORT, TODAY - timedelta(days=2))
    assert _status(meeting, MilestoneKind.REPORT).label == "逾期2天"
    _stage(meeting, Stage.HALTED)  # halted again: nothing is due until it is held again
    status = _status(meeting, MilestoneKind.REPORT)
    assert (status.label, status.window_open) == ("未开始", False)


# --- rectification -----------------------------------------------------------------------


def test_rectification_is_begun_with_a_list_and_counts_its_items(cast, meeting):
    _stage(meeting, Stage.HELD)
    _due(meeting, MilestoneKind.RECTIFICATION, TODAY + timedelta(days=30))
    assert _status(meeting, MilestoneKind.RECTIFICATION).label == "未开始"
    begin_rectification(cast, meeting)
    status = _status(meeting, MilestoneKind.RECTIFICATION)
    assert (status.label, status.detail) == ("进行中", "销号0/1项")
    _due(meeting, MilestoneKind.RECTIFICATION, TODAY - timedelta(days=7))
    assert _status(meeting, MilestoneKind.RECTIFICATION).label == "逾期7天"
    _done(meeting, MilestoneKind.RECTIFICATION, TODAY)
    assert _status(meeting, MilestoneKind.RECTIFICATION).label == "已完成"


# --- the evaluation (组织生活会 only, its own dates) ---------------------------------------------


@pytest.fixture
def branch(cast):
    return make_branch_cast(cast)


@pytest.fixture
def life(branch):
    return make_life_meeting(branch)


def _everyone(branch):
    return [getattr(branch, name).person for name in ("secretary", "member", "member3", "member4", "member5",
                                                        "member6", "member7")]


def test_the_evaluation_applies_only_once_switched_on(cast, branch, life):
    assert _status(life, "evaluation").code == Code.NOT_APPLICABLE
    Evaluation.objects.create(meeting=life, enabled=False, enabled_by=cast.office)
    assert _status(life, "evaluation").code == Code.NOT_APPLICABLE
    Evaluation.objects.filter(meeting=life).update(enabled=True, due_date=TODAY + timedelta(days=10))
    status = _status(life, "evaluation")
    assert (status.label, status.detail) == ("未开始", "自我鉴定审定0/7，评定等次0/6")


def test_the_evaluation_is_late_while_self_evaluation_is_past_its_date(cast, branch, life):
    begin_evaluation(cast, life, [branch.member.person])
    Evaluation.objects.filter(meeting=life).update(due_date=TODAY - timedelta(days=4))
    assert _status(life, "evaluation").label == "逾期4天"


def test_the_evaluation_grading_after_self_evaluation_has_no_date_and_then_is_done(cast, branch, life):
    evaluation = begin_evaluation(cast, life, _everyone(branch))
    Evaluation.objects.filter(pk=evaluation.pk).update(due_date=TODAY - timedelta(days=4))
    assert _status(life, "evaluation").label == "进行中"  # all self-evaluations approved, grades proposed

    # final grades for the full members; the probationary member gets none (方案3 §二(二))
    Verdict.objects.filter(registration__evaluation=evaluation).update(state=VerdictState.FIXED)
    Verdict.objects.filter(registration__person=branch.member7.person).delete()
    assert _status(life, "evaluation").label == "已完成"

    # 优秀 is final only once the upper committee approved it
    excellent = Verdict.objects.filter(registration__person=branch.member.person)
    excellent.update(grade=Grade.EXCELLENT)
    assert _status(life, "evaluation").label == "进行中"
    excellent.update(state=VerdictState.APPROVED)
    assert _status(life, "evaluation").label == "已完成"


def test_the_evaluation_is_not_done_while_a_member_has_no_approved_registration(cast, branch, life):
    evaluation = begin_evaluation(cast, life, _everyone(branch)[:-1])
    Verdict.objects.filter(registration__evaluation=evaluation).update(state=VerdictState.FIXED)
    assert _status(life, "evaluation").label == "进行中"
    Registration.objects.create(evaluation=evaluation, person=branch.member7.person,
                                state=RegistrationState.SUBMITTED)
    assert _status(life, "evaluation").label == "进行中"
    Registration.objects.filter(person=branch.member7.person).update(state=RegistrationState.APPROVED)
    assert _status(life, "evaluation").label == "已完成"
