"""The room: the recorder enters the minutes by form for a team of seven with one member
absent with leave; the supervisor adds the 点评; the recorder finishes the minutes and
records the meeting held. A member gets 404 on a colleague's criticism."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting, Stage
from meetings.plans import plan_create_default
from proceedings.models import Criticism, SittingStatus, SlotKind, SlotStatus

from ..proceedings.conftest import ready_meeting, team7  # noqa: F401  the team of seven
from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def agreed(cast, ready_meeting):
    """The plan in place and the upper level's consent to convene given."""
    plan = plan_create_default(meeting=ready_meeting)
    plan.guiding_leaders = "县委第一督导组"
    plan.place = "县政府第一会议室"
    plan.save()
    Meeting.objects.filter(pk=ready_meeting.pk).update(stage=Stage.CONVENE_APPROVED)
    ready_meeting.refresh_from_db()
    return ready_meeting


def test_the_recorder_enters_the_minutes_the_supervisor_comments_and_the_minutes_are_finished(
    cast, agreed, new_page
):
    meeting = agreed
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/proceedings/{meeting.pk}/agenda/")
    office.get_by_role("button", name="按工作方案生成议程").click()
    expect(office.get_by_text("已按工作方案生成会议议程。")).to_be_visible()
    expect(office.locator(".pr-agenda > li")).to_have_count(5)
    expect(office.get_by_text("共7人：自我批评7段，相互批评42段。")).to_be_visible()
    screenshot(office, "room-agenda")
    office.get_by_role("button", name="进入会议记录").click()
    expect(office.get_by_role("heading", name="会议记录", exact=True)).to_be_visible()
    expect(office.locator("#attendance")).to_contain_text("应到7人，实到7人")

    # 王委员 is on leave; 李委员 reads his written self-criticism.
    office.get_by_role("link", name="登记出席情况").click()
    office.get_by_label("王委员出席情况").select_option(label="请假")
    office.get_by_role("button", name="保存出席情况").click()
    expect(office.get_by_role("alert")).to_contain_text("王委员请假，须写明请假事由。")
    office.get_by_label("王委员请假事由").fill("因公出差")
    office.get_by_label("王委员书面材料代读人").select_option(label="李委员")
    screenshot(office, "room-attendance")
    office.get_by_role("button", name="保存出席情况").click()
    expect(office.get_by_text("出席情况已保存。")).to_be_visible()
    expect(office.locator("#attendance")).to_contain_text("应到7人，实到6人；请假1人：王委员（因公出差）")
    expect(office.get_by_text("王委员作自我批评（请假，书面材料由李委员代读）")).to_be_visible()
    # His criticisms of the others are kept and shown as 请假, never dropped.
    expect(office.locator(".pr-criticism.pr-leave")).to_have_count(6)

    # The secretary's self-criticism, from the skeleton.
    screenshot(office, "room-sitting")
    office.get_by_role("link", name="记录：张书记自我批评").click()
    notes = office.get_by_label("记录")
    expect(notes).to_have_value("张书记同志作对照检查发言，开展自我批评：")
    notes.fill("张书记同志作对照检查发言，开展自我批评：对照五个方面查摆问题，剖析思想根源。")
    office.get_by_label("开始时间").fill("09:00")
    office.get_by_label("结束时间").fill("09:14")
    office.get_by_role("button", name="保存记录").click()
    expect(office.get_by_text("记录已保存。")).to_be_visible()

    # 李委员's criticism of the secretary: two items, each its own.
    office.get_by_role("link", name="记录：李委员对张书记提出批评").click()
    for text in ("深入基层调研不够，听取群众意见少。", "对分管部门督促检查不够。"):
        office.get_by_label("批评意见").fill(text)
        office.get_by_role("button", name="记录这条批评意见").click()
        expect(office.get_by_text("已记录一条批评意见。")).to_be_visible()
    expect(office.locator(".pr-criticisms li")).to_have_count(2)
    screenshot(office, "room-slot")
    # The absent member's slot takes no criticism: it says why.
    office.goto(f"/proceedings/slots/{meeting.sittings.get().slots.get(kind=SlotKind.CRITICISM, speaker__name='王委员', subject__name='张书记').pk}/")
    expect(office.get_by_text("王委员同志请假，未在会上提出批评。")).to_be_visible()
    expect(office.get_by_role("button", name="记录这条批评意见")).to_have_count(0)

    # 李委员's 说明 on the personal matters.
    sitting = meeting.sittings.get()
    office.goto(f"/proceedings/sittings/{sitting.pk}/")
    office.get_by_role("link", name="记录李委员的说明").click()
    office.get_by_label("对个人有关事项的说明").fill("本人个人有关事项已按规定如实报告。")
    office.get_by_role("button", name="保存说明").click()
    expect(office.locator("#explanations")).to_contain_text("本人个人有关事项已按规定如实报告。")

    # The supervisor enters the 点评 under its own agenda item.
    supervisor = new_page()
    log_in(supervisor, cast.supervisor)
    supervisor.goto(f"/proceedings/sittings/{sitting.pk}/")
    supervisor.get_by_role("link", name="填写点评").click()
    supervisor.get_by_label("点评意见").fill("会议准备充分，批评开门见山，达到了预期目的。")
    supervisor.get_by_role("button", name="保存点评").click()
    expect(supervisor.locator("#comments")).to_contain_text("会议准备充分，批评开门见山")
    screenshot(supervisor, "room-comment")

    # The recorder finishes the minutes and records the meeting held.
    office.reload()
    expect(office.locator("#comments")).to_contain_text("会议准备充分")
    office.get_by_role("button", name="完成会议记录").click()
    expect(office.get_by_text("会议记录已完成。")).to_be_visible()
    office.get_by_role("link", name="记录会议已召开").click()
    office.get_by_label("召开日期").fill("2026-12-28")
    office.get_by_role("button", name="确认会议已召开").click()
    expect(office.get_by_text("已记录会议召开。")).to_be_visible()
    screenshot(office, "room-minutes")
    sitting.refresh_from_db()
    assert sitting.status == SittingStatus.HELD and sitting.minutes_finished
    assert Criticism.objects.filter(sitting=sitting).count() == 2
    assert sitting.slots.filter(status=SlotStatus.LEAVE).count() == 6

    # A member sees the criticisms of them, and gets 404 on a colleague's.
    member = new_page()
    log_in(member, cast.member)
    theirs = Criticism.objects.filter(sitting=sitting).first()
    response = member.goto(f"/proceedings/criticisms/{theirs.pk}/")
    assert response.status == 404
    member.goto(f"/proceedings/sittings/{sitting.pk}/")
    expect(member.get_by_text("深入基层调研不够")).to_have_count(0)
    expect(member.locator("#comments")).to_contain_text("会议准备充分")


def test_the_office_reorders_the_agenda_and_the_rotation_and_prints_the_agenda(cast, agreed, new_page):
    meeting = agreed
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/proceedings/{meeting.pk}/agenda/")
    office.get_by_role("button", name="按工作方案生成议程").click()
    office.get_by_role("button", name=re.compile("^下移“对上年度")).click()
    expect(office.locator(".pr-agenda > li").first).to_contain_text("书记代表领导班子进行对照检查")
    office.locator(".pr-agenda > li").nth(3).get_by_role("link", name="修改").click()
    office.get_by_label("发言人（系统外人员或单位）").fill("县委第一督导组组长")
    office.get_by_label("时长（分钟）").fill("20")
    office.get_by_role("button", name="保存").click()
    expect(office.get_by_text("县委第一督导组组长")).to_be_visible()

    office.get_by_role("link", name="调整发言顺序").click()
    office.get_by_label("黄委员").fill("2")
    office.get_by_label("李委员").fill("7")
    office.get_by_role("button", name="保存顺序").click()
    expect(office.get_by_text("发言顺序已保存。")).to_be_visible()
    expect(office.locator(".card ol").last.locator("li").nth(1)).to_have_text("黄委员")
    screenshot(office, "room-agenda-ordered")

    # The agenda as a document, generated on request.
    office.get_by_role("button", name="会议议程PDF").click()
    expect(office.get_by_role("heading", name="会议议程")).to_be_visible()
