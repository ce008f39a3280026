"""The planner on the meeting's checklist and in "my work"."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Meeting, Stage
from meetings.progress import meeting_checklist, work_for

from ..factories import MeetingFactory
from .planner_kit import GOOD, HOPE, plan, talk_criticism


def _section(meeting):
    return next(s for s in meeting_checklist(meeting) if s.phase == "批评意见准备")


def test_the_checklist_shows_the_planner_after_the_materials(ready_meeting, team7):
    phases = [s.phase for s in meeting_checklist(ready_meeting)]
    assert "批评意见准备" in phases
    assert phases.index("批评意见准备") > phases.index("对照检查材料")
    section = _section(ready_meeting)
    assert section.url == reverse("proceedings:planner", args=[ready_meeting.pk])
    assert [i.done for i in section.items] == [False, False, False]
    assert section.items[0].detail == "已拟0/42对，7人尚有空缺"


def test_the_checklist_is_done_when_everyone_gives_and_receives_without_hints(ready_meeting, team7):
    for giver in team7.people:
        for receiver in team7.people:
            if giver != receiver:
                plan(ready_meeting, giver, receiver)
    assert [i.done for i in _section(ready_meeting).items] == [True, True, True]
    plan(ready_meeting, team7.people[1], team7.people[2], HOPE)
    items = _section(ready_meeting).items
    assert [i.done for i in items] == [True, True, False] and items[2].detail.startswith("1条有提示")
    assert not any(i.required_to_convene for i in items)  # hints and gaps never block


def test_a_member_with_gaps_finds_them_in_my_work(ready_meeting, team7):
    member = team7.users[1]
    talk_criticism(ready_meeting, member.person, team7.people[0])
    plan(ready_meeting, member.person, team7.people[2])
    items = [i for i in work_for(member) if i.kind == "批评意见准备"]
    assert [i.title for i in items] == ["批评意见准备：还未对4位同事拟定批评意见（刘委员、陈委员、杨委员等）"]
    assert items[0].url == reverse("proceedings:planner_mine", args=[ready_meeting.pk])


def test_no_entry_once_every_colleague_is_planned_or_the_meeting_is_held(ready_meeting, team7):
    member = team7.users[1]
    for receiver in team7.people:
        if receiver != member.person:
            plan(ready_meeting, member.person, receiver, GOOD)
    assert not [i for i in work_for(member) if i.kind == "批评意见准备"]
    plan_meeting = MeetingFactory(organization=ready_meeting.organization, title="专题民主生活会")
    Meeting.objects.filter(pk=plan_meeting.pk).update(stage=Stage.HELD)
    assert not [i for i in work_for(member) if i.kind == "批评意见准备"]


def test_the_office_and_the_supervisor_get_no_planner_entry(cast, ready_meeting, team7):
    for user in (cast.office, cast.supervisor):
        assert not [i for i in work_for(user) if i.kind == "批评意见准备"]


def test_my_work_costs_the_same_queries_for_one_meeting_and_for_three(cast, ready_meeting, team7):
    from proceedings.phase_planner import planner_work

    member = team7.users[1]
    counts = []
    for n in (1, 3):
        while Meeting.objects.filter(stage=Stage.PRE_MEETING).count() < n:
            extra = MeetingFactory(organization=cast.gov, title=f"第{n}次专题民主生活会")
            Meeting.objects.filter(pk=extra.pk).update(stage=Stage.PRE_MEETING)
        with CaptureQueriesContext(connection) as queries:
            found = planner_work(member)
        counts.append(len(queries))
        assert len(found) == n
    assert counts[0] == counts[1]


def test_the_meeting_page_shows_the_planner_section(login, cast, ready_meeting, team7):
    text = login(cast.office).get(reverse("meetings:detail", args=[ready_meeting.pk])).content.decode()
    assert "批评意见准备" in text and reverse("proceedings:planner", args=[ready_meeting.pk]) in text


def test_on_the_meeting_page_a_member_reads_whether_the_planning_is_done_but_not_who_has_gaps(
    ready_meeting, team7, login, cast
):
    plan(ready_meeting, team7.people[0], team7.people[2])
    url = reverse("meetings:detail", args=[ready_meeting.pk])
    office_page = login(cast.office).get(url).content.decode()
    assert "尚有空缺" in office_page and "人尚无（" in office_page
    member_page = login(cast.member).get(url).content.decode()
    assert "每位成员对其他成员都拟定了批评意见" in member_page
    assert "尚有空缺" not in member_page and "人尚无（" not in member_page
    assert "李委员" not in member_page.split("批评意见准备", 1)[1].split("</section>", 1)[0]
