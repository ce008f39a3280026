"""Sending the report and the application (报请召开), the readiness gate, and the upper
level's decision: agree with a date (同意召开) or postpone with a reason (暂缓召开)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from meetings import progress
from meetings.access import meeting_access
from meetings.dates import agreed_date, held_date, intended_time, meeting_date_text, meeting_day
from meetings.models import Meeting, Stage
from meetings.services import convene_missing
from meetings.workflow import TransitionError
from proceedings.convening import (
    application_initial,
    application_save,
    convening_approve,
    convening_postpone,
    convening_request,
    lead_time,
)
from proceedings.models import ConveningRequest, RequestStatus
from proceedings.preparation import report_compile

from .prep_fixtures import PLANNED_AT, prepared  # noqa: F401

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _only_plan_and_preparation(monkeypatch):
    """The gate of the other phases is tested by each phase; here: the plan and this one."""
    kept = [e for e in progress._checklist if e.key in ("basics", "plan", "preparation")]
    monkeypatch.setattr(progress, "_checklist", kept)


def _apply(meeting, user, *, days_ahead=20, lead_days=10):
    when = datetime.combine(timezone.localdate() + timedelta(days=days_ahead), datetime.min.time(), SHANGHAI)
    initial = application_initial(meeting)
    return application_save(meeting=meeting, version=None, actor=user, proposed_at=when.replace(hour=9),
                            place=initial["place"], attendees=initial["attendees"], agenda=initial["agenda"],
                            lead_days=lead_days)


def _send(meeting, user):
    return convening_request(meeting=meeting, access=meeting_access(user, meeting), actor=user)


@pytest.fixture
def sent(cast, prepared):
    report_compile(meeting=prepared, actor=cast.office)
    _apply(prepared, cast.office)
    _send(prepared, cast.office)
    return prepared


def test_the_application_starts_from_the_plans_time_place_attendees_and_agenda(cast, prepared):
    initial = application_initial(prepared)
    assert initial["proposed_at"] == PLANNED_AT
    assert initial["place"] == "县政府办四楼会议室"
    assert initial["attendees"].startswith("出席：张书记、李委员")
    assert initial["agenda"].splitlines() == [item.text for item in prepared.plan.agenda.all()]
    assert initial["agenda"].splitlines()[0] == "对上年度民主生活会整改落实情况和本次征求意见建议情况进行通报"
    assert initial["lead_days"] == 10


def test_sending_is_refused_while_the_report_and_the_application_are_missing_and_each_is_named(cast, prepared):
    missing = convene_missing(prepared)
    assert [step.text for step in missing] == [
        "尚未完成：召开准备——准备工作情况报告已生成",
        "尚未完成：召开准备——召开申请已填写（时间、地点、议程）",
    ]
    assert all(step.url == f"/proceedings/{prepared.pk}/preparation/" for step in missing)
    with pytest.raises(TransitionError) as refused:
        _send(prepared, cast.office)
    assert "尚未完成：召开准备——准备工作情况报告已生成" in str(refused.value)
    assert prepared.stage == Stage.PRE_MEETING
    assert ConveningRequest.objects.count() == 0


def test_the_report_and_the_application_are_sent_together_and_frozen(cast, sent):
    request = ConveningRequest.objects.get(meeting=sent)
    assert sent.stage == Stage.CONVENE_REQUESTED
    assert (request.number, request.status, request.sent_by) == (1, RequestStatus.PENDING, cast.office)
    assert request.report["title"] == "县政府办党组2026年度民主生活会准备工作情况报告"
    assert request.application["place"] == "县政府办四楼会议室"
    assert request.days_ahead == 20


def test_the_organisation_department_agrees_and_fixes_the_date(cast, sent):
    day = timezone.localdate() + timedelta(days=21)
    convening_approve(meeting=sent, access=meeting_access(cast.supervisor, sent), actor=cast.supervisor, agreed_on=day)
    sent.refresh_from_db()
    request = ConveningRequest.objects.get(meeting=sent)
    assert (sent.stage, sent.agreed_on) == (Stage.CONVENE_APPROVED, day)
    assert (request.status, request.agreed_on, request.decided_by) == (RequestStatus.APPROVED, day, cast.supervisor)
    # Three facts, each from one function.
    assert (intended_time(sent), agreed_date(sent), held_date(sent)) == (PLANNED_AT, day, None)
    assert meeting_date_text(sent) == f"{day.year}年{day.month}月{day.day}日（上级同意召开）"
    assert meeting_day(sent).day == day


def test_the_discipline_commission_cannot_agree_to_convene(cast, jiwei, sent):
    with pytest.raises(TransitionError):
        convening_approve(meeting=sent, access=meeting_access(jiwei, sent), actor=jiwei, agreed_on=date(2026, 12, 30))


def test_a_postponement_sends_the_meeting_back_with_the_reason_and_a_second_sending_is_numbered_two(cast, sent):
    convening_postpone(meeting=sent, access=meeting_access(cast.supervisor, sent), actor=cast.supervisor,
                       reason="谈心谈话尚未全覆盖，请补齐后再报。")
    sent.refresh_from_db()
    first = ConveningRequest.objects.get(meeting=sent, number=1)
    assert sent.stage == Stage.PRE_MEETING
    assert (first.status, first.reason) == (RequestStatus.POSTPONED, "谈心谈话尚未全覆盖，请补齐后再报。")
    _send(sent, cast.office)
    assert list(ConveningRequest.objects.filter(meeting=sent).values_list("number", "status")) == [
        (1, RequestStatus.POSTPONED), (2, RequestStatus.PENDING),
    ]


def test_postponing_an_agreed_meeting_clears_the_agreed_date(cast, sent):
    access = meeting_access(cast.supervisor, sent)
    convening_approve(meeting=sent, access=access, actor=cast.supervisor, agreed_on=date(2026, 12, 30))
    convening_postpone(meeting=sent, access=access, actor=cast.supervisor, reason="材料需再修改。")
    sent.refresh_from_db()
    assert (sent.stage, sent.agreed_on) == (Stage.PRE_MEETING, None)
    assert ConveningRequest.objects.get(meeting=sent).status == RequestStatus.POSTPONED


@pytest.mark.parametrize("days_ahead, lead_days, short", [(9, 10, True), (10, 10, False), (5, 5, False), (4, 5, True)])
def test_the_branch_rule_warns_when_the_proposed_date_leaves_fewer_than_n_days(cast, prepared, days_ahead, lead_days, short):
    application = _apply(prepared, cast.office, days_ahead=days_ahead, lead_days=lead_days)
    lead = lead_time(application)
    assert (lead.days_ahead, lead.short) == (days_ahead, short)
    if short:
        assert lead.warning.startswith(f"拟召开日期距今仅{days_ahead}天，少于会前{lead_days}天报上级审核的要求")
    else:
        assert lead.warning == ""


def test_the_agreed_date_is_gone_when_the_halted_meeting_is_prepared_anew(cast, sent):
    access = meeting_access(cast.supervisor, sent)
    convening_approve(meeting=sent, access=access, actor=cast.supervisor, agreed_on=date(2026, 12, 30))
    Meeting.objects.filter(pk=sent.pk).update(stage=Stage.HALTED)
    sent.refresh_from_db()
    from meetings.workflow import meeting_transition

    meeting_transition(meeting=sent, name="restart_preparation", actor=cast.office, access=meeting_access(cast.office, sent))
    assert sent.agreed_on is None


def test_a_halt_while_the_request_is_under_review_closes_it(cast, sent):
    from meetings.workflow import meeting_transition

    meeting_transition(meeting=sent, name="halt", actor=cast.supervisor, access=meeting_access(cast.supervisor, sent),
                       note="准备不充分。")
    request = ConveningRequest.objects.get(meeting=sent)
    assert (request.status, request.reason) == (RequestStatus.HALTED, "准备不充分。")


def test_a_second_sending_shows_what_changed_since_the_first(cast, sent):
    from proceedings.convening import request_changes
    from proceedings.models import PreparationReport
    from proceedings.preparation import report_update

    convening_postpone(meeting=sent, access=meeting_access(cast.supervisor, sent), actor=cast.supervisor,
                       reason="请补充上年度整改落实情况。")
    report = PreparationReport.objects.get(meeting=sent)
    report_update(report=report, version=report.version, actor=cast.office,
                  texts={"closing": "上年度整改事项已全部完成。各项准备工作已就绪。"})
    _send(sent, cast.office)
    first, second = ConveningRequest.objects.filter(meeting=sent).order_by("number")
    assert request_changes(first) is None
    previous, diff = request_changes(second)
    assert previous == first
    changed = [section for section in diff if section.changed]
    assert [section.title for section in changed] == ["结尾"]
    assert "<ins>上年度整改事项</ins>" in "".join(line.html for line in changed[0].lines)


def test_an_application_form_loaded_before_another_office_saved_is_refused(cast, prepared):
    from proceedings.convening import StaleApplicationError

    first = _apply(prepared, cast.office)
    initial = application_initial(prepared)
    with pytest.raises(StaleApplicationError):
        application_save(meeting=prepared, version=None, actor=cast.office, proposed_at=initial["proposed_at"],
                         place="别处", attendees="", agenda="一项", lead_days=10)
    first.refresh_from_db()
    assert first.place == "县政府办四楼会议室"
