"""召开准备 on the meeting's checklist, in "my work", and its reminders."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from meetings.access import meeting_access
from meetings.progress import meeting_checklist, work_for
from meetings.workflow import meeting_transition
from notifications.models import Notification
from proceedings.convening import application_initial, application_save
from proceedings.models import ConveningRequest, RequestStatus
from proceedings.phase_prep import preparation_reminders
from proceedings.preparation import report_compile

from ..factories import MeetingFactory
from .prep_fixtures import prepared  # noqa: F401

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _section(meeting):
    return next(s for s in meeting_checklist(meeting) if s.key == "preparation")


def _apply(meeting, user, when):
    initial = application_initial(meeting)
    return application_save(meeting=meeting, version=None, actor=user, proposed_at=when, place="四楼会议室",
                            attendees=initial["attendees"], agenda=initial["agenda"], lead_days=10)


def test_the_checklist_shows_the_report_and_the_application_as_required_steps(cast, prepared):
    section = _section(prepared)
    assert section.phase == "召开准备" and not section.waivable
    assert [(i.label, i.done, i.required_to_convene) for i in section.items] == [
        ("准备工作情况报告已生成", False, True),
        ("召开申请已填写（时间、地点、议程）", False, True),
        ("已报请召开", False, False),
        ("上级同意召开", False, False),
    ]
    report_compile(meeting=prepared, actor=cast.office)
    _apply(prepared, cast.office, datetime(2026, 12, 30, 9, tzinfo=SHANGHAI))
    assert [i.done for i in _section(prepared).items] == [True, True, False, False]


def test_the_checklist_says_why_the_meeting_was_postponed(cast, prepared):
    ConveningRequest.objects.create(meeting=prepared, number=1, report={}, application={}, sent_at=timezone.now(),
                                    status=RequestStatus.POSTPONED, reason="材料需再修改。")
    sent = _section(prepared).items[2]
    assert (sent.done, sent.detail) == (False, "暂缓召开：材料需再修改。")


def test_the_office_is_asked_to_compile_then_to_send(cast, prepared):
    titles = [i.title for i in work_for(cast.office) if i.kind == "召开准备"]
    assert titles == ["编写准备工作情况报告"]
    report_compile(meeting=prepared, actor=cast.office)
    when = timezone.localtime() + timedelta(days=20)
    _apply(prepared, cast.office, when)
    item = next(i for i in work_for(cast.office) if i.kind == "召开准备")
    assert item.title == "报送准备工作情况报告和召开申请"
    assert item.due_date == when.date() - timedelta(days=10)
    assert item.url == f"/proceedings/{prepared.pk}/preparation/"


def test_nobody_else_is_asked_to_compile(cast, prepared):
    for user in (cast.secretary, cast.member, cast.outsider):
        assert not [i for i in work_for(user) if i.kind == "召开准备"]


def test_the_supervisors_item_leads_to_the_decision_page(cast, prepared, monkeypatch):
    from meetings import progress

    monkeypatch.setattr(progress, "_checklist", [e for e in progress._checklist if e.key in ("plan",)])
    meeting_transition(meeting=prepared, name="request_convening", actor=cast.office,
                       access=meeting_access(cast.office, prepared))
    item = next(i for i in work_for(cast.supervisor) if i.title == "审核召开申请")
    assert item.url == f"/proceedings/{prepared.pk}/convening/"


def test_the_reminder_to_send_comes_on_the_shared_days_once_even_if_the_job_runs_twice(cast, ready_meeting):
    today = timezone.localdate()
    when = datetime.combine(today + timedelta(days=13), datetime.min.time(), SHANGHAI).replace(hour=9)
    _apply(ready_meeting, cast.office, when)  # to be sent in 3 days (10 days ahead)
    assert preparation_reminders(today) == 1
    assert preparation_reminders(today) == 0
    note = Notification.objects.get(recipient=cast.office)
    assert note.title.startswith("【3天后报送】")
    assert "前（会前10天）将准备工作情况报告和召开申请报上级审核" in note.body
    assert preparation_reminders(today + timedelta(days=1)) == 0  # a quiet day
    assert preparation_reminders(today + timedelta(days=3)) == 1  # the day itself


@pytest.mark.parametrize("stage", ["convene_requested", "preparing"])
def test_no_reminder_once_sent_or_before_the_plan_is_approved(cast, stage):
    meeting = MeetingFactory(organization=cast.gov, stage=stage)
    today = timezone.localdate()
    when = datetime.combine(today + timedelta(days=13), datetime.min.time(), SHANGHAI).replace(hour=9)
    from proceedings.models import ConveningApplication

    ConveningApplication.objects.create(meeting=meeting, proposed_at=when, place="x", agenda="y", updated_at=timezone.now())
    assert preparation_reminders(today) == 0


def test_the_demo_meeting_has_its_report_compiled_and_its_application_filled(db):
    from django.core.management import call_command

    from meetings.models import Meeting, Stage
    from proceedings.models import ConveningApplication, PreparationReport

    call_command("seed_demo")
    meeting = Meeting.objects.get(organization__short_name="县政府办党组", stage=Stage.PRE_MEETING)
    assert PreparationReport.objects.get(meeting=meeting).sections[1]["heading"] == "一、深入学习研讨，打牢思想基础"
    assert ConveningApplication.objects.get(meeting=meeting).agenda_lines()


def test_the_measuring_county_sends_up_what_its_stage_says_and_the_agreed_ones_have_a_date(db):
    from django.core.management import call_command

    from meetings.models import Meeting
    from proceedings.models import ConveningRequest

    call_command("seed_county", "--orgs", "8", "--seed", "3")
    for meeting in Meeting.objects.filter(stage__in=["convene_requested", "convene_approved", "held"]):
        request = ConveningRequest.objects.get(meeting=meeting)
        agreed = meeting.stage != "convene_requested"
        assert (request.status == RequestStatus.APPROVED) == agreed
        assert (meeting.agreed_on is not None) == agreed
