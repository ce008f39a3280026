"""What the study phase reports: checklist, my work, reminders, the demo, the Excel record."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from meetings.models import Meeting, MilestoneKind, Stage
from meetings.progress import meeting_checklist, send_phase_reminders, work_for
from meetings.services import meeting_convene_blockers
from notifications.models import Notification
from study.models import StudySession
from study.phase import self_study_reminders
from study.selectors import study_statistics

from .conftest import make_self_study, make_session

TODAY = date(2026, 3, 10)
REQUIRED = "尚未完成：学习研讨——至少开展一次集中学习研讨"


def _section(meeting):
    return next(s for s in meeting_checklist(meeting) if s.phase == "学习研讨")


def _study_due(meeting, day):
    meeting.milestones.filter(kind=MilestoneKind.STUDY).update(due_date=day)


# --- checklist ----------------------------------------------------------------------------


def test_the_checklist_links_to_the_study_page_and_starts_undone(meeting):
    section = _section(meeting)
    assert section.url == f"/study/meetings/{meeting.pk}/"
    assert [(i.label, i.done) for i in section.items] == [
        ("学习研讨记录", False),
        ("至少开展一次集中学习研讨", False),
        ("班子成员个人自学", False),
        ("缺席人员已补学", False),
    ]
    assert REQUIRED in meeting_convene_blockers(meeting)


def test_one_collective_session_lifts_the_blocker_and_the_details_count(meeting, team, session):
    items = {i.label: i for i in _section(meeting).items}
    assert items["学习研讨记录"].done and items["学习研讨记录"].detail == "1次，累计2小时"
    assert items["至少开展一次集中学习研讨"].done
    assert items["班子成员个人自学"].detail == "0/2人已登记"
    assert not items["缺席人员已补学"].done
    assert items["缺席人员已补学"].detail == "出勤率50%，缺席1人次，已补学0人次"
    assert REQUIRED not in meeting_convene_blockers(meeting)


def test_self_study_alone_does_not_count_as_collective_study(meeting, team):
    make_self_study(meeting, team[0])
    make_self_study(meeting, team[1])
    items = {i.label: i.done for i in _section(meeting).items}
    assert items == {
        "学习研讨记录": True,
        "至少开展一次集中学习研讨": False,
        "班子成员个人自学": True,
        "缺席人员已补学": False,
    }


# --- my work ------------------------------------------------------------------------------


def _titles(user):
    return [(i.title, i.meeting_title) for i in work_for(user) if i.kind == "学习研讨"]


def test_a_member_is_asked_to_log_self_study_until_they_do(cast, meeting):
    _study_due(meeting, timezone.localdate() - timedelta(days=1))
    item = next(i for i in work_for(cast.member) if i.title == "登记个人自学")
    assert item.url == f"/study/meetings/{meeting.pk}/self-study/new/" and item.overdue
    make_self_study(meeting, cast.member.person)
    assert _titles(cast.member) == []
    assert _titles(cast.secretary) == [("登记个人自学", meeting.title)]


def test_the_office_is_asked_to_record_a_group_session_until_one_is_held(cast, meeting, team):
    assert _titles(cast.office) == [("组织并记录集中学习研讨", meeting.title)]
    make_self_study(meeting, team[0])
    assert _titles(cast.office) == [("组织并记录集中学习研讨", meeting.title)]
    make_session(meeting, team)
    assert _titles(cast.office) == []


@pytest.mark.parametrize("stage", [Stage.CONVENE_REQUESTED, Stage.HELD, Stage.ARCHIVED])
def test_nobody_is_chased_for_study_once_the_meeting_moved_on(cast, meeting, stage):
    Meeting.objects.filter(pk=meeting.pk).update(stage=stage)
    assert _titles(cast.member) == [] and _titles(cast.office) == []


def test_another_completed_milestone_does_not_end_the_study_work(cast, meeting):
    meeting.milestones.filter(kind=MilestoneKind.PLAN).update(done_at=timezone.now())
    assert _titles(cast.member) == [("登记个人自学", meeting.title)]
    assert _titles(cast.office) == [("组织并记录集中学习研讨", meeting.title)]


def test_a_completed_study_milestone_ends_the_work(cast, meeting):
    meeting.milestones.filter(kind=MilestoneKind.STUDY).update(done_at=timezone.now())
    assert _titles(cast.member) == [] and _titles(cast.office) == []


def test_supervisors_and_outsiders_have_no_study_work(cast, meeting):
    assert _titles(cast.supervisor) == [] and _titles(cast.outsider) == []


# --- reminders ----------------------------------------------------------------------------


def _reminded(user):
    return list(
        Notification.objects.filter(recipient=user, dedupe_key__startswith="study-self:")
        .values_list("title", flat=True)
    )


def test_three_days_before_the_deadline_those_without_self_study_are_reminded_once(
    cast, meeting, team
):
    _study_due(meeting, TODAY + timedelta(days=3))
    make_self_study(meeting, team[0])
    assert self_study_reminders(TODAY) == 1
    assert _reminded(cast.member) == [f"【请登记个人自学】{meeting.title}"]
    assert _reminded(cast.secretary) == [] and _reminded(cast.office) == []
    assert self_study_reminders(TODAY) == 0
    assert self_study_reminders(TODAY + timedelta(days=1)) == 0  # same window


def test_the_last_day_brings_one_more_reminder(cast, meeting):
    _study_due(meeting, TODAY + timedelta(days=3))
    self_study_reminders(TODAY)
    assert self_study_reminders(TODAY + timedelta(days=2)) == 2
    assert len(_reminded(cast.member)) == 2


@pytest.mark.parametrize("days", [4, -1])
def test_no_reminder_too_early_nor_the_day_after_the_deadline(cast, meeting, days):
    _study_due(meeting, TODAY + timedelta(days=days))
    assert self_study_reminders(TODAY) == 0


def test_the_daily_job_includes_the_study_reminders(cast, meeting):
    _study_due(meeting, TODAY + timedelta(days=1))
    assert send_phase_reminders(TODAY) >= 2
    assert _reminded(cast.member)


def test_reminders_go_out_though_the_plan_milestone_is_done(cast, meeting):
    _study_due(meeting, TODAY + timedelta(days=1))
    meeting.milestones.filter(kind=MilestoneKind.PLAN).update(done_at=timezone.now())
    assert self_study_reminders(TODAY) == 2


def test_no_reminders_for_a_halted_meeting_or_a_done_milestone(cast, meeting):
    _study_due(meeting, TODAY + timedelta(days=1))
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.HALTED)
    assert self_study_reminders(TODAY) == 0
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)
    meeting.milestones.filter(kind=MilestoneKind.STUDY).update(done_at=timezone.now())
    assert self_study_reminders(TODAY) == 0


# --- export -------------------------------------------------------------------------------


def _export(meeting):
    return f"/study/meetings/{meeting.pk}/export.xlsx"


def test_the_export_requires_login_and_is_hidden_from_an_outsider(client, cast, meeting, login):
    assert client.get(_export(meeting)).status_code == 302
    assert login(cast.outsider).get(_export(meeting)).status_code == 404


def test_the_excel_record_has_the_sessions_and_the_attendance(cast, meeting, team, session, login):
    make_self_study(meeting, team[0], hours="1.5", topic="通读《论中国共产党历史》")
    response = login(cast.member).get(_export(meeting))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["学习研讨记录", "出勤情况"]
    sessions = list(book["学习研讨记录"].iter_rows(values_only=True))
    assert sessions[0][:6] == ("序号", "日期", "时间", "学习形式", "学习主题", "时长（小时）")
    assert [(r[3], r[4], r[8], r[9], r[10]) for r in sessions[1:]] == [
        ("集中学习研讨", "学习《中国共产党章程》", 2, 1, "李委员（出差）"),
        ("个人自学", "通读《论中国共产党历史》", 1, 1, None),
    ]
    attendance = list(book["出勤情况"].iter_rows(values_only=True))
    assert [(r[3], r[4], r[5], r[7]) for r in attendance[1:]] == [
        ("张书记", "出席", None, "坚定历史自信"),
        ("李委员", "缺席", "出差", None),
        ("张书记", "出席", None, None),
    ]


# --- demo ---------------------------------------------------------------------------------


def test_the_demo_meeting_has_group_sessions_with_absentees_and_some_self_study(db):
    call_command("seed_demo")
    meeting = Meeting.objects.get(stage=Stage.PRE_MEETING, organization__short_name="县政府办党组")
    stats = study_statistics(meeting)
    assert dict(stats.by_form) == {"个人自学": 4, "中心组学习": 1, "集中学习研讨": 1, "观看警示教育片": 1}
    assert stats.absences == 2 and stats.made_up == 1
    names_without = {p.name for p in stats.members_without_self_study}
    assert "李明" in names_without and "张建国" not in names_without
    assert StudySession.objects.filter(meeting__stage=Stage.PRE_MEETING).count() == 7
