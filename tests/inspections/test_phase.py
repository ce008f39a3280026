"""What the phase reports: the checklist (materials must pass review before the meeting
may be held, seed 002 #4 (3)), my work, reminders, the carry-over hook."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from inspections import carryover
from inspections.content import material_content
from inspections.phase import materials_progress, materials_reminders
from inspections.reminders import materials_remind
from meetings.models import MilestoneKind, Stage
from meetings.progress import work_for
from meetings.services import meeting_convene_blockers
from notifications.models import Notification

from .conftest import DETAILS, act, outline, team_material, write

REQUIRED = "尚未完成：对照检查材料——材料经上级审核通过"


def _items(meeting):
    return {i.label: i for i in materials_progress(meeting)}


def test_the_checklist_starts_undone_and_blocks_the_convening(meeting):
    items = _items(meeting)
    assert not any(i.done for i in items.values())
    assert REQUIRED in meeting_convene_blockers(meeting)


def test_ticking_the_milestone_by_hand_does_not_stand_in_for_the_review(cast, meeting):
    meeting.milestones.filter(kind=MilestoneKind.MATERIALS).update(done_at=timezone.now(), done_by=cast.office)
    assert not any(i.done for i in _items(meeting).values())
    assert REQUIRED in meeting_convene_blockers(meeting)


def test_the_checklist_counts_the_outlines_through_review(cast, meeting, member2):
    material = write(outline(meeting, cast.member), cast.member, preface="前言")
    act(material, cast.member, "submit")
    items = _items(meeting)
    assert items["个人发言提纲已提交"].detail == "1/3"
    act(material, cast.secretary, "pass_on")
    assert _items(meeting)["个人发言提纲经书记审阅"].detail == "1/3"
    assert _items(meeting)["材料经上级审核通过"].detail == "0/4"


def test_a_member_is_asked_to_write_and_the_secretary_to_review(cast, meeting, member2):
    meeting.milestones.filter(kind=MilestoneKind.MATERIALS).update(due_date=date(2026, 12, 1))
    titles = [i.title for i in work_for(cast.member)]
    assert "撰写个人发言提纲" in titles
    material = write(outline(meeting, cast.member), cast.member, preface="前言")
    act(material, cast.member, "submit")
    assert "撰写个人发言提纲" not in [i.title for i in work_for(cast.member)]
    assert "审阅对照检查材料（1份待审阅）" in [i.title for i in work_for(cast.secretary)]
    assert "起草班子对照检查材料" in [i.title for i in work_for(cast.office)]
    act(material, cast.secretary, "return", "请补充")
    assert "按审阅意见修改个人发言提纲" in [i.title for i in work_for(cast.member)]
    act(material, cast.member, "submit")
    act(material, cast.secretary, "pass_on")
    assert "审核对照检查材料（1份）" in [i.title for i in work_for(cast.supervisor)]
    assert [i.title for i in work_for(cast.outsider) if "材料" in i.title or "提纲" in i.title] == []


@pytest.fixture
def due_in_three_days(meeting):
    today = timezone.localdate()
    meeting.milestones.filter(kind=MilestoneKind.MATERIALS).update(due_date=today + timedelta(days=3))
    return today


def test_those_behind_are_reminded_once_per_window(cast, meeting, member2, due_in_three_days):
    done = write(outline(meeting, member2), member2, preface="前言")
    act(done, member2, "submit")
    sent = materials_reminders(due_in_three_days)
    assert sent >= 3  # the member, the secretary (their own outline), the office (the team material) …
    assert Notification.objects.filter(recipient=cast.member, title__contains="3天后到期").exists()
    assert not Notification.objects.filter(recipient=member2, title__contains="3天后到期").exists()
    assert Notification.objects.filter(recipient=cast.secretary, title__contains="待您审阅").exists()
    assert materials_reminders(due_in_three_days) == 0


def test_nobody_is_chased_before_the_plan_is_approved(cast, meeting, due_in_three_days):
    meeting.__class__.objects.filter(pk=meeting.pk).update(stage=Stage.PLAN_REVIEW)
    assert materials_reminders(due_in_three_days) == 0


def test_the_board_button_reminds_once_a_day(cast, meeting, member2, login):
    assert materials_remind(meeting=meeting, actor=cast.office) >= 3
    assert materials_remind(meeting=meeting, actor=cast.office) == 0
    response = login(cast.secretary).post(f"/inspections/meeting/{meeting.pk}/remind/", follow=True)
    assert "今天已经提醒过" in response.content.decode()


def test_last_years_rectification_items_appear_once_a_provider_yields_them(cast, meeting, login, monkeypatch):
    item = carryover.CarryoverItem("去年：调查研究不够经常", status="已完成", deadline="2026年6月30日")
    monkeypatch.setattr(carryover, "_providers", [lambda person, m: [item] if person is not None else []])
    material = outline(meeting, cast.member)
    page = login(cast.member).get(f"/inspections/{material.pk}/edit/").content.decode()
    assert "上年度整改措施落实情况" in page and "去年：调查研究不够经常" in page
    assert material_content(material)["last_year"]["items"][0]["title"] == "去年：调查研究不够经常"
    team = team_material(meeting)
    assert "上年度整改措施落实情况" not in login(cast.office).get(f"/inspections/{team.pk}/edit/").content.decode()


def test_without_a_provider_the_section_stays_out_of_the_way(cast, meeting, login):
    material = write(outline(meeting, cast.member), cast.member, problem=("调研不深", DETAILS))
    assert "上年度整改措施落实情况" not in login(cast.member).get(f"/inspections/{material.pk}/edit/").content.decode()


@pytest.mark.parametrize("who", ["member", "secretary", "office"])
def test_my_work_takes_as_many_queries_for_ten_meetings_as_for_one(cast, who, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections.phase import materials_work
    from tests.factories import MeetingFactory

    user = getattr(cast, who)
    MeetingFactory(organization=cast.gov, stage=Stage.PRE_MEETING)
    with CaptureQueriesContext(connection) as one:
        assert materials_work(user)
    MeetingFactory.create_batch(9, organization=cast.gov, stage=Stage.PRE_MEETING)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(materials_work(user)) >= 10
