"""The plan's journey: the office drafts it, the upper level approves or returns it."""

import pytest
from playwright.sync_api import expect

from meetings.access import meeting_access
from meetings.models import Meeting, Stage
from meetings.workflow import meeting_transition
from tests.factories import MeetingFactory

from .helpers import LAPTOP, PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser

FIVE_LEADS = "党史学习教育专题民主生活会“五个带头”"


def to_do(page):
    """The items of 我的工作's 待办事项 list."""
    section = page.locator("section", has=page.get_by_role("heading", name="待办事项"))
    return section.get_by_role("listitem")


def test_the_office_creates_a_meeting_from_a_template_and_submits_the_plan(cast, page):
    log_in(page, cast.office)
    expect(page.get_by_role("heading", name="我的工作")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="会议", exact=True).click()
    page.get_by_role("link", name="新建会议").click()
    expect(page.get_by_role("heading", name="新建会议")).to_be_visible()
    page.get_by_label("会议类型").select_option(label="民主生活会")
    page.get_by_label("专题会议").check()
    page.get_by_label("会议名称").fill("2026年度县政府办党组党史学习教育专题民主生活会")
    page.get_by_label("会议主题").fill("学史明理、学史增信、学史崇德、学史力行")
    page.get_by_label("对照检查方面模板").select_option(label=f"{FIVE_LEADS}（2021年度 · 系统内置）")
    screenshot(page, "1-create-form")
    page.get_by_role("button", name="创建会议").click()

    # The template is of 2021, the meeting of this year: the office is told, and says so.
    expect(page.locator("#id_template_error").get_by_text("是2021年度的")).to_be_visible()
    expect(page.get_by_label("会议名称")).to_have_value("2026年度县政府办党组党史学习教育专题民主生活会")
    screenshot(page, "1-create-dated-template")
    page.get_by_label("我已核对今年上级的通知，仍使用这个往年的模板（创建后可修改方面）").check()
    page.get_by_role("button", name="创建会议").click()

    expect(page.get_by_text("已创建“2026年度县政府办党组党史学习教育专题民主生活会”。")).to_be_visible()
    aspects = page.locator("section", has=page.get_by_role("heading", name="对照检查的方面"))
    expect(aspects.locator("ol > li")).to_have_count(5)
    expect(aspects).to_contain_text("带头深刻感悟“两个确立”的决定性意义")
    expect(aspects).to_contain_text("带头深刻汲取党史中正反两方面经验")
    expect(page.locator("#stage")).to_have_text("筹备")
    assert_fits_width(page)
    screenshot(page, "1-meeting-laptop")
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    screenshot(page, "1-meeting-phone")
    page.set_viewport_size(LAPTOP)

    page.get_by_role("link", name="提交方案报审").click()
    expect(page.get_by_role("heading", name="提交方案报审")).to_be_visible()
    page.get_by_role("button", name="确认提交方案报审").click()

    expect(page.locator("#stage")).to_have_text("方案报审")
    expect(page.get_by_text("已提交方案报审，会议进入“方案报审”阶段。")).to_be_visible()
    screenshot(page, "1-plan-submitted")
    assert Meeting.objects.get().stage == Stage.PLAN_REVIEW


def test_the_jiwei_and_the_organisation_department_each_decide_on_the_plan(cast, jiwei, new_page):
    """Seed 000 §四(二)1: "报XX纪委和XX组织部审批" — a return by either returns the plan;
    it is approved only when both have approved."""
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    meeting_transition(
        meeting=meeting, name="submit_plan", actor=cast.office, access=meeting_access(cast.office, meeting)
    )
    supervisor, discipline, office = new_page(), new_page(), new_page()

    # The 纪委 agrees first: the plan stays under review and says who is left.
    log_in(discipline, jiwei)
    to_do(discipline).filter(has_text=meeting.title).get_by_role("link", name="审批工作方案").click()
    discipline.get_by_role("link", name="批准方案").click()
    discipline.get_by_label("说明（可选）").fill("同意。")
    discipline.get_by_role("button", name="确认批准方案").click()
    expect(discipline.get_by_text("已记录您的审批意见：同意。尚待上级组织部审批。")).to_be_visible()
    expect(discipline.locator("#stage")).to_have_text("方案报审")
    expect(discipline.locator("#decision-discipline")).to_contain_text("同意")
    expect(discipline.locator("#decision-organization_department")).to_contain_text("待审批")
    screenshot(discipline, "2-jiwei-agreed")

    # The 组织部 returns it: the return by one body returns the plan.
    log_in(supervisor, cast.supervisor)
    waiting = to_do(supervisor).filter(has_text=meeting.title)
    expect(waiting).to_contain_text("县政府办党组")
    screenshot(supervisor, "2-supervisor-my-work")
    waiting.get_by_role("link", name="审批工作方案").click()
    expect(supervisor.get_by_role("heading", name=meeting.title)).to_be_visible()
    expect(supervisor.get_by_text("您的角色：上级督导")).to_be_visible()
    supervisor.get_by_role("link", name="退回修改").click()
    supervisor.get_by_role("button", name="确认退回修改").click()
    expect(supervisor.get_by_role("alert")).to_contain_text("“退回修改”须填写说明。")  # in the error summary
    screenshot(supervisor, "2-return-needs-a-note")
    supervisor.get_by_label("意见说明").fill("请补充征求意见的具体方式和时间安排。")
    supervisor.get_by_role("button", name="确认退回修改").click()
    expect(supervisor.locator("#stage")).to_have_text("筹备")

    log_in(office, cast.office)
    to_do(office).filter(has_text=meeting.title).get_by_role("link", name="完善方案并提交报审").click()
    returned = office.locator(".history li", has_text="退回修改")
    expect(returned).to_contain_text("方案报审 → 筹备")
    expect(returned).to_contain_text("赵督导")
    expect(returned.locator(".note")).to_have_text("组织部：请补充征求意见的具体方式和时间安排。")
    screenshot(office, "2-office-sees-the-comment")
    office.get_by_role("link", name="提交方案报审").click()
    office.get_by_label("说明（可选）").fill("已按督导意见补充。")
    office.get_by_role("button", name="确认提交方案报审").click()
    expect(office.locator("#stage")).to_have_text("方案报审")

    # The resubmitted plan needs both again: the 组织部 first, then the 纪委.
    supervisor.get_by_role("link", name="我的工作").click()
    to_do(supervisor).filter(has_text=meeting.title).get_by_role("link", name="审批工作方案").click()
    supervisor.get_by_role("link", name="批准方案").click()
    supervisor.get_by_role("button", name="确认批准方案").click()
    expect(supervisor.get_by_text("已记录您的审批意见：同意。尚待上级纪委审批。")).to_be_visible()
    expect(supervisor.locator("#stage")).to_have_text("方案报审")

    discipline.goto(f"/meetings/{meeting.pk}/")
    discipline.get_by_role("link", name="批准方案").click()
    discipline.get_by_role("button", name="确认批准方案").click()
    expect(discipline.locator("#stage")).to_have_text("会前准备")
    expect(discipline.locator(".stages li.current")).to_have_text("会前准备")
    screenshot(discipline, "2-plan-approved")
    meeting.refresh_from_db()
    assert meeting.stage == Stage.PRE_MEETING
