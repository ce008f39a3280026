"""The work plan journey: draft from the defaults, submit, return, revise, diff, approve."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import Stage
from meetings.plans import plan_create_default

from .helpers import assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_plan_goes_up_comes_back_with_a_comment_and_is_approved_with_the_diff_in_view(
    new_page, cast, meeting
):
    plan_create_default(meeting=meeting)

    # The office drafts the plan from the defaults: only the time and place are missing.
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/meetings/{meeting.pk}/")
    office.get_by_role("link", name="工作方案", exact=True).click()
    expect(office.get_by_role("heading", name="工作方案", exact=True)).to_be_visible()
    expect(office.get_by_text("（一）会前准备")).to_be_visible()
    office.get_by_role("link", name="编辑方案").click()
    office.get_by_label("会议时间").fill("2026-12-20T09:00")
    office.get_by_label("地点").fill("县政府办三楼会议室")
    office.get_by_role("button", name="保存方案").click()
    expect(office.get_by_text("方案已保存。")).to_be_visible()
    expect(office.get_by_text("2026年12月20日09:00，会期半天，地点：县政府办三楼会议室")).to_be_visible()
    office.get_by_role("link", name="提交方案报审").click()
    office.get_by_role("button", name="确认提交方案报审").click()
    expect(office.locator("#stage")).to_have_text("方案报审")

    # The supervisor reads it and returns it with a comment.
    supervisor = new_page()
    log_in(supervisor, cast.supervisor)
    supervisor.get_by_role("link", name="审批工作方案").click()
    supervisor.get_by_role("link", name="工作方案", exact=True).click()
    expect(supervisor.get_by_text("一、会议时间")).to_be_visible()
    supervisor.get_by_role("link", name="退回修改").click()
    supervisor.get_by_label("意见说明").fill("请明确到会指导领导。")
    supervisor.get_by_role("button", name="确认退回修改").click()

    # The office sees the comment, sees it cannot have edited meanwhile, revises, resubmits.
    office.goto(f"/meetings/{meeting.pk}/plan/")
    expect(office.get_by_text("请明确到会指导领导。")).to_be_visible()
    office.get_by_role("link", name="编辑方案").click()
    office.get_by_label("到会指导").fill("县委第二督导组")
    office.get_by_role("button", name="保存方案").click()
    office.get_by_role("link", name="提交方案报审").click()
    office.get_by_role("button", name="确认提交方案报审").click()
    expect(office.locator("#stage")).to_have_text("方案报审")

    # The supervisor sees exactly what changed since the returned version, and approves.
    supervisor.goto(f"/meetings/{meeting.pk}/plan/")
    changes = supervisor.locator("#changes")
    expect(changes.get_by_role("heading", name="与第1次报审（已退回）相比的修改")).to_be_visible()
    expect(changes.locator("ins", has_text="到会指导：县委第二督导组")).to_be_visible()
    screenshot(supervisor, "plan-diff")
    supervisor.get_by_role("link", name="批准方案").click()
    supervisor.get_by_role("button", name="确认批准方案").click()
    expect(supervisor.locator("#stage")).to_have_text("会前准备")

    meeting.refresh_from_db()
    assert meeting.stage == Stage.PRE_MEETING
    assert list(meeting.plan.submissions.values_list("status", flat=True)) == ["returned", "approved"]


def test_a_plan_under_review_explains_why_it_cannot_be_edited(new_page, cast, meeting):
    plan_create_default(meeting=meeting)
    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/meetings/{meeting.pk}/plan/")
    office.get_by_role("link", name="提交方案报审").click()
    office.get_by_role("button", name="确认提交方案报审").click()
    office.goto(f"/meetings/{meeting.pk}/plan/edit/")
    expect(office.get_by_text(re.compile("方案正在上级审批中，不能修改"))).to_be_visible()
    expect(office.get_by_role("link", name="编辑方案")).to_have_count(0)
    assert_fits_width(office)


def test_a_member_reads_the_plan_but_has_no_way_to_edit_it(new_page, cast, meeting):
    plan_create_default(meeting=meeting)
    member = new_page()
    log_in(member, cast.member)
    member.goto(f"/meetings/{meeting.pk}/plan/")
    expect(member.get_by_text("五、职责分工")).to_be_visible()
    expect(member.get_by_role("link", name="编辑方案")).to_have_count(0)
    response = member.goto(f"/meetings/{meeting.pk}/plan/edit/")
    assert response.status == 403
