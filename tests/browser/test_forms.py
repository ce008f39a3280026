"""What every form does for a person: Back + save again creates nothing, and an error is
named at the top of the page with a link to its field."""

import pytest
from playwright.sync_api import expect

from meetings.models import MilestoneKind
from meetings.plans import plan_create_default
from study.models import StudySession
from tests.factories import MeetingFactory

from .helpers import log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(cast):
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    meeting.milestones.filter(kind=MilestoneKind.STUDY).update(due_date="2099-12-31")
    return meeting


def test_back_and_save_again_on_a_study_session_creates_no_second_session(cast, meeting, page):
    log_in(page, cast.office)
    page.goto(f"/study/meetings/{meeting.pk}/sessions/new/")
    page.get_by_label("学习形式").select_option(label="集中学习研讨")
    page.get_by_label("地点").fill("三楼会议室")
    page.get_by_label("学习主题").fill("加强政治建设")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已记录“集中学习研讨：加强政治建设”。")).to_be_visible()
    created = page.url

    page.go_back()
    expect(page.get_by_label("学习主题")).to_have_value("加强政治建设")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_text("该记录已保存，未重复创建。")).to_be_visible()
    assert page.url == created
    assert StudySession.objects.filter(meeting=meeting).count() == 1
    screenshot(page, "forms-1-resubmitted")


def _focused_is_summary(page) -> bool:
    return page.evaluate("() => document.activeElement && document.activeElement.hasAttribute('data-error-summary')")


def test_an_error_far_down_the_plan_is_summarised_at_the_top_and_its_link_reaches_the_field(cast, meeting, page):
    plan_create_default(meeting=meeting)
    log_in(page, cast.office)
    page.goto(f"/meetings/{meeting.pk}/plan/edit/")
    page.locator("#id_duties-0-task").fill("起草方案")
    page.locator("#id_speech_minutes").fill("0")  # far below the top of the long form
    page.get_by_role("button", name="保存方案").click()

    summary = page.get_by_role("alert").filter(has_text="请修改以下问题")
    expect(summary).to_be_visible()
    expect(summary).to_be_in_viewport()
    assert _focused_is_summary(page)
    screenshot(page, "forms-2-plan-error-summary")
    summary.get_by_role("link", name="个人发言").click()
    expect(page.locator("#id_speech_minutes")).to_be_focused()
    expect(page.locator("#id_duties-0-task")).to_have_value("起草方案")  # nothing typed is lost


def test_the_summary_is_at_the_top_without_javascript(cast, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        log_in(page, cast.office)
        page.goto("/meetings/new/")
        page.get_by_label("会议名称").fill("")
        page.get_by_role("button", name="创建会议").click()
        summary = page.get_by_role("alert").filter(has_text="请修改以下问题")
        expect(summary).to_be_in_viewport()
        expect(summary.get_by_role("link", name="会议名称：请填写此项。")).to_have_attribute("href", "#id_title")
    finally:
        context.close()
