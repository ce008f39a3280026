"""Dates in the wrong order are refused next to the field, against the meeting's own dates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import Solicitation
from meetings.access import meeting_access
from meetings.models import Meeting, Milestone, MilestoneKind, Stage, WorkPlan
from meetings.plans import plan_create_default
from meetings.workflow import meeting_transition
from study.models import StudySession
from talks.models import Talk
from tests.formdata import form_data

from .test_plan_views import _form_data

TODAY = timezone.localdate()
MEETING_DAY = TODAY + timedelta(days=30)


def _day(d):
    return f"{d.year}年{d.month}月{d.day}日"


@pytest.fixture
def plan(meeting):
    return plan_create_default(meeting=meeting)


def _plan_with_meeting_day(client, plan, **changes):
    data = _form_data(client, plan.meeting, starts_at=f"{MEETING_DAY.isoformat()}T09:00", **changes)
    return client.post(f"/meetings/{plan.meeting_id}/plan/edit/", data)


def test_a_plan_whose_approval_falls_after_its_own_meeting_is_refused_next_to_the_step(cast, plan, login):
    late = MEETING_DAY + timedelta(days=2)
    response = _plan_with_meeting_day(login(cast.office), plan, **{"steps-0-due_date": late.isoformat()})

    assert response.status_code == 200
    step = response.context["steps"].forms[0]
    assert step.errors["due_date"] == [
        f"完成时间（{_day(late)}）晚于会议时间（{_day(MEETING_DAY)}）：会前的步骤须在会议之前完成，请核对。"
    ]
    assert f'value="{late.isoformat()}"' in response.content.decode()  # what was typed stays
    assert WorkPlan.objects.get(pk=plan.pk).starts_at is None  # and nothing was saved


def test_a_plan_in_order_saves(cast, plan, login):
    ok = MEETING_DAY - timedelta(days=20)
    assert _plan_with_meeting_day(login(cast.office), plan, **{"steps-0-due_date": ok.isoformat()}).status_code == 302
    assert Milestone.objects.get(meeting=plan.meeting, kind=MilestoneKind.PLAN).due_date == ok


def _milestones(client, of, **dates):
    page = client.get(f"/meetings/{of.pk}/milestones/").content.decode()
    return client.post(f"/meetings/{of.pk}/milestones/", form_data(page, **{k: v.isoformat() for k, v in dates.items()}))


def test_milestones_keep_the_order_of_the_meeting_day(cast, meeting, login):
    response = _milestones(
        login(cast.office), meeting,
        meeting=MEETING_DAY, plan=MEETING_DAY + timedelta(days=1), rectification=MEETING_DAY - timedelta(days=1),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "晚于“召开会议”节点日期" in errors["plan"][0] and "须在会前完成" in errors["plan"][0]
    assert "早于“召开会议”节点日期" in errors["rectification"][0]
    assert Milestone.objects.get(meeting=meeting, kind=MilestoneKind.MEETING).due_date is None


def test_a_milestone_not_done_cannot_be_given_a_day_already_past(cast, meeting, login):
    response = _milestones(login(cast.office), meeting, rectification=TODAY - timedelta(days=3))
    assert response.status_code == 200
    assert "已经过去" in response.context["form"].errors["rectification"][0]


def test_the_meeting_milestone_cannot_contradict_the_plan_which_would_overwrite_it(cast, plan, login):
    client = login(cast.office)
    assert _plan_with_meeting_day(client, plan).status_code == 302
    response = _milestones(client, plan.meeting, meeting=MEETING_DAY + timedelta(days=5))
    assert response.status_code == 200
    assert "与工作方案中的会议时间" in response.context["form"].errors["meeting"][0]


def test_saving_the_plan_keeps_a_report_date_the_office_typed(cast, plan, login):
    client = login(cast.office)
    own = MEETING_DAY + timedelta(days=10)
    assert _milestones(client, plan.meeting, report=own).status_code == 302
    assert _plan_with_meeting_day(client, plan).status_code == 302
    assert Milestone.objects.get(meeting=plan.meeting, kind=MilestoneKind.REPORT).due_date == own


def _to_convene_approved(meeting):
    # The upper level has agreed to convene: the one stage from which it may be held.
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    meeting.refresh_from_db()


def test_recording_the_meeting_held_keeps_a_typed_report_date_and_says_so(cast, meeting, login):
    own = TODAY + timedelta(days=40)
    Milestone.objects.filter(meeting=meeting, kind=MilestoneKind.REPORT).update(due_date=own)
    _to_convene_approved(meeting)
    client = login(cast.office)
    response = client.post(
        f"/meetings/{meeting.pk}/stage/record_held/", {"on_date": TODAY.isoformat()}, follow=True
    )
    meeting.refresh_from_db()
    assert meeting.stage == Stage.HELD, response.content.decode()[:500]
    assert Milestone.objects.get(meeting=meeting, kind=MilestoneKind.REPORT).due_date == own
    assert f"截止日期保留为办公室填写的{_day(own)}" in response.content.decode()


def test_recording_the_meeting_held_still_sets_the_report_date_when_none_was_typed(cast, meeting):
    _to_convene_approved(meeting)
    meeting_transition(meeting=meeting, name="record_held", actor=cast.office,
                       access=meeting_access(cast.office, meeting), on_date=TODAY, check_readiness=False)
    assert Milestone.objects.get(meeting=meeting, kind=MilestoneKind.REPORT).due_date == TODAY + timedelta(days=15)


def test_a_meeting_cannot_be_recorded_as_held_on_a_day_to_come(cast, meeting, login):
    _to_convene_approved(meeting)
    response = login(cast.office).post(
        f"/meetings/{meeting.pk}/stage/record_held/", {"on_date": (TODAY + timedelta(days=1)).isoformat()}
    )
    assert "晚于今天" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.stage == Stage.CONVENE_APPROVED


def _held(meeting, day):
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.HELD, held_on=day)
    meeting.refresh_from_db()


def test_a_study_session_after_the_meeting_was_held_is_refused(cast, meeting, login):
    held = TODAY - timedelta(days=10)
    _held(meeting, held)
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)  # still open for study
    url = f"/study/meetings/{meeting.pk}/sessions/new/"
    client = login(cast.office)
    data = form_data(client.get(url).content.decode(), held_on=(held + timedelta(days=3)).isoformat(), topic="学习", location="会议室")
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"晚于会议召开日期（{_day(held)}）" in response.content.decode()
    assert not StudySession.objects.filter(meeting=meeting).exists()


def test_a_talk_dated_after_the_meeting_day_is_refused(cast, login):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(organization=cast.gov, stage=Stage.PRE_MEETING)
    Milestone.objects.filter(meeting=meeting, kind=MilestoneKind.MEETING).update(due_date=TODAY + timedelta(days=5))
    url = f"/talks/meeting/{meeting.pk}/new/"
    client = login(cast.secretary)
    data = form_data(client.get(url).content.decode(), person_b=str(cast.member.person.pk),
                     talked_on=(TODAY + timedelta(days=6)).isoformat(), place="办公室")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "晚于“召开会议”节点日期" in response.content.decode()
    assert not Talk.objects.filter(meeting=meeting).exists()


def test_opinions_cannot_be_solicited_past_the_meeting_day(cast, meeting, login):
    Milestone.objects.filter(meeting=meeting, kind=MilestoneKind.MEETING).update(due_date=MEETING_DAY)
    url = f"/feedback/meeting/{meeting.pk}/setup/"
    client = login(cast.office)
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page.content.decode(), starts_on=TODAY.isoformat(),
                     ends_on=(MEETING_DAY + timedelta(days=1)).isoformat())
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    assert "征求意见须在会前完成" in response.content.decode()
    assert not Solicitation.objects.filter(meeting=meeting).exists()


def test_a_duty_newly_given_a_deadline_already_past_is_refused_next_to_it(cast, plan, login):
    past = TODAY - timedelta(days=2)
    response = _plan_with_meeting_day(
        login(cast.office), plan, **{"duties-0-task": "起草方案", "duties-0-deadline": past.isoformat()}
    )
    assert response.status_code == 200
    duty = response.context["duties"].forms[0]
    assert duty.errors["deadline"] == [
        f"完成时限（{_day(past)}）已经过去（今天是{_day(TODAY)}）：新填写的完成时限不能早于今天，请核对。"
    ]


def test_a_duty_deadline_kept_from_an_earlier_save_is_left_alone(cast, plan, login):
    client = login(cast.office)
    soon = TODAY + timedelta(days=1)
    assert _plan_with_meeting_day(
        client, plan, **{"duties-0-task": "起草方案", "duties-0-deadline": soon.isoformat()}
    ).status_code == 302
    # Two days later the deadline is past; saving the plan again (unchanged) still works.
    plan.duties.update(deadline=TODAY - timedelta(days=1))
    kept = (TODAY - timedelta(days=1)).isoformat()
    assert _plan_with_meeting_day(client, plan, **{"duties-0-deadline": kept}).status_code == 302


def test_a_measure_newly_given_a_deadline_already_past_is_refused():
    from inspections.forms import MeasureForm

    past = TODAY - timedelta(days=1)
    form = MeasureForm(
        {"measure-1-version": "0", "measure-1-term": "deadline", "measure-1-deadline": past.isoformat()},
        measure_id=1, problems=[], initial={"deadline": None, "version": 0},
    )
    assert not form.is_valid()
    assert "已经过去" in form.errors["deadline"][0]
    kept = MeasureForm(
        {"measure-1-version": "0", "measure-1-term": "deadline", "measure-1-deadline": past.isoformat()},
        measure_id=1, problems=[], initial={"deadline": past, "version": 0},
    )
    assert kept.is_valid(), kept.errors


def test_preparing_a_halted_meeting_again_says_the_report_date_is_cleared(cast, meeting, login):
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.HALTED, held_on=TODAY)
    page = login(cast.office).get(f"/meetings/{meeting.pk}/stage/restart_preparation/").content.decode()
    assert "截止日期随之清空" in page
