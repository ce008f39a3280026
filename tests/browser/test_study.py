"""The study journey: the office records a collective session with two absentees, a member
logs self-study, and the statistics show — on a laptop and on a phone."""

import pytest
from playwright.sync_api import expect

from meetings.models import MilestoneKind
from organizations.models import TeamPosition
from organizations.services import team_member_add
from study.services import materials_import_standard
from tests.factories import MeetingFactory, PersonFactory

from .helpers import PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def study_meeting(cast):
    """The gov team of four: the secretary, the member, and two more who will be away."""
    for rank, name in enumerate(["王海涛", "刘芳"], start=3):
        person = PersonFactory(name=name, organization=cast.gov, user=None)
        team_member_add(person=person, organization=cast.gov, position=TeamPosition.MEMBER, rank=rank)
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    meeting.milestones.filter(kind=MilestoneKind.STUDY).update(due_date="2099-12-31")
    materials_import_standard(organization=cast.gov)
    return meeting


def _stat(page, name):
    return page.locator(f"#stat-{name}")


def test_the_office_records_a_session_a_member_logs_self_study_and_the_statistics_show(
    cast, study_meeting, new_page
):
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/meetings/{study_meeting.pk}/")
    office.get_by_role("link", name="学习研讨", exact=True).first.click()
    expect(office.get_by_role("heading", name="学习研讨", exact=True)).to_be_visible()
    expect(_stat(office, "sessions")).to_have_text("0")

    office.get_by_role("link", name="记录学习研讨").click()
    office.get_by_label("学习形式").select_option(label="集中学习研讨")
    office.get_by_label("开始时间").fill("14:30")
    office.get_by_label("时长（小时）").fill("2.5")
    office.get_by_label("地点").fill("县政府办三楼会议室")
    office.get_by_label("学习主题").fill("加强政治建设、提高政治能力")
    office.get_by_label("《中国共产党章程》").check()
    office.get_by_label("《关于新形势下党内政治生活的若干准则》").check()
    office.get_by_label("学习研讨情况").fill("对照党章党规逐条学习，开展研讨。")
    office.get_by_label("王海涛 出席").uncheck()
    office.get_by_label("刘芳 出席").uncheck()
    office.get_by_label("王海涛 缺席原因").fill("赴市参加招商推介会")
    office.get_by_label("张书记 交流发言题目").fill("把讲政治落实到办文办会办事全过程")
    office.get_by_role("button", name="保存").click()

    # 刘芳's reason is missing: the summary at the top says so, its link leads to the field,
    # and everything typed is kept
    summary = office.get_by_role("alert").filter(has_text="请修改以下问题")
    expect(summary).to_be_in_viewport()
    expect(office.get_by_label("王海涛 缺席原因")).to_have_value("赴市参加招商推介会")
    screenshot(office, "study-1-reason-missing")
    summary.get_by_role("link", name="刘芳 缺席原因：缺席的，请填写缺席原因。").click()
    expect(office.get_by_label("刘芳 缺席原因")).to_be_focused()
    office.get_by_label("刘芳 缺席原因").fill("病假")
    office.get_by_role("button", name="保存").click()

    expect(office.get_by_text("已记录“集中学习研讨：加强政治建设、提高政治能力”。")).to_be_visible()
    attendance = office.locator("#attendance")
    expect(attendance.get_by_text("缺席")).to_have_count(2)
    expect(attendance).to_contain_text("赴市参加招商推介会")
    expect(attendance).to_contain_text("病假")
    # htmx: mark one absentee briefed afterwards, in place
    office.get_by_role("button", name="刘芳 已补学").click()
    expect(office.get_by_role("button", name="刘芳 已补学")).to_have_attribute("aria-pressed", "true")
    screenshot(office, "study-2-session-laptop")

    member = new_page()
    log_in(member, cast.member)
    member.get_by_role("link", name="登记个人自学").first.click()
    expect(member.get_by_role("heading", name="登记个人自学")).to_be_visible()
    expect(member.get_by_text("学习人：李委员")).to_be_visible()
    member.get_by_label("时长（小时）").fill("1.5")
    member.get_by_label("自学内容").fill("通读《论中国共产党历史》")
    member.get_by_label("《论中国共产党历史》").check()
    member.get_by_label("学习心得").fill("坚持读原著、学原文、悟原理。")
    screenshot(member, "study-3-self-study-form")
    member.get_by_role("button", name="保存").click()

    expect(member.get_by_text("已登记李委员的个人自学。")).to_be_visible()
    expect(member.get_by_text("您已登记 1 次个人自学")).to_be_visible()
    # one collective session (2.5 h, 2 of 4 present, 1 speech) and one self-study (1.5 h)
    expect(_stat(member, "sessions")).to_have_text("2")
    expect(_stat(member, "group")).to_have_text("1")
    expect(_stat(member, "self")).to_have_text("1")
    expect(_stat(member, "hours")).to_have_text("4")
    expect(_stat(member, "attendance")).to_have_text("50%")
    expect(_stat(member, "absences")).to_have_text("2")
    expect(_stat(member, "materials")).to_have_text("3")
    expect(_stat(member, "speeches")).to_have_text("1")
    members = member.locator("#member-stats")
    expect(members.get_by_role("row").filter(has_text="王海涛")).to_contain_text("0/1次")
    expect(members.get_by_role("row").filter(has_text="李委员")).to_contain_text("1次 · 1.5小时")
    assert member.get_by_role("link", name="记录学习研讨").count() == 0
    screenshot(member, "study-4-statistics-laptop")

    phone = new_page(viewport=PHONE)
    log_in(phone, cast.office)
    phone.goto(f"/study/meetings/{study_meeting.pk}/")
    expect(_stat(phone, "attendance")).to_have_text("50%")
    assert_fits_width(phone)
    screenshot(phone, "study-5-statistics-phone")
    phone.get_by_role("link", name="加强政治建设、提高政治能力").click()
    expect(phone.locator("#attendance")).to_contain_text("病假")
    assert_fits_width(phone)
    screenshot(phone, "study-6-session-phone")
    phone.goto(f"/study/meetings/{study_meeting.pk}/sessions/new/")
    assert_fits_width(phone)
    screenshot(phone, "study-7-session-form-phone")


def test_the_office_corrects_one_attendee_in_place(cast, study_meeting, page):
    from study.services import AttendanceEntry, session_create

    people = [cast.secretary.person, cast.member.person]
    session = session_create(
        meeting=study_meeting, form="central_group", held_on="2026-03-02", hours=2,
        topic="中心组学习", attendance=[AttendanceEntry(p) for p in people],
    )
    log_in(page, cast.office)
    page.goto(f"/study/sessions/{session.pk}/")
    page.get_by_role("link", name="修改李委员的出勤").click()
    expect(page.get_by_label("李委员 出席")).to_be_checked()
    screenshot(page, "study-8-row-editing")
    page.get_by_label("李委员 出席").uncheck()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("缺席的，请填写缺席原因。")).to_be_visible()
    page.get_by_label("李委员 缺席原因").fill("参加上级会议")
    page.get_by_role("button", name="保存").click()
    row = page.locator("#attendance").get_by_role("row").filter(has_text="李委员")
    expect(row).to_contain_text("参加上级会议")
    # the row was swapped in place: no full page load, so no success message
    expect(page.get_by_text("已更新李委员的出勤情况。")).to_have_count(0)
    screenshot(page, "study-9-row-edited")
