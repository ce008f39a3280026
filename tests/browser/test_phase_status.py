"""The meeting page's milestones speak the overview's vocabulary: the office sees each
phase's status in words and colour, and marks one done in place."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting, MilestoneKind, Stage
from tests.factories import MeetingFactory
from tests.meetings.phase_status_data import begin_study

from .helpers import PHONE, assert_fits_width, log_in, screenshot

pytestmark = pytest.mark.browser


def test_the_office_reads_each_phases_status_and_marks_one_done(cast, new_page):
    meeting = MeetingFactory(organization=cast.gov, title="2026年度县政府办党组民主生活会")
    Meeting.objects.filter(pk=meeting.pk).update(stage=Stage.PRE_MEETING)
    today = timezone.localdate()
    dates = {
        MilestoneKind.PLAN: today - timedelta(days=20),
        MilestoneKind.STUDY: today + timedelta(days=10),
        MilestoneKind.OPINIONS: today - timedelta(days=3),
        MilestoneKind.TALKS: today + timedelta(days=2),
        MilestoneKind.MATERIALS: today + timedelta(days=12),
    }
    for kind, day in dates.items():
        meeting.milestones.filter(kind=kind).update(due_date=day)
    meeting.milestones.filter(kind=MilestoneKind.PLAN).update(done_at=timezone.now() - timedelta(days=18))
    begin_study(cast, meeting)

    office = new_page()
    log_in(office, cast.office)
    office.goto(f"/meetings/{meeting.pk}/")
    timeline = office.locator(".timeline")
    expect(timeline.locator("li", has_text="方案报审").locator(".pill")).to_have_text("已完成")
    expect(timeline.locator("li", has_text="学习研讨").locator(".pill")).to_have_text("进行中")
    opinions = timeline.locator("li", has_text="征求意见")
    expect(opinions.locator(".pill.ps-overdue")).to_have_text("逾期3天")
    expect(timeline.locator("li", has_text="谈心谈话").locator(".pill")).to_have_text("临期")
    expect(timeline.locator("li", has_text="对照检查材料").locator(".pill.ps-open")).to_have_text("未开始")
    expect(timeline.locator("li", has_text="召开情况报告").locator(".pill")).to_have_text("未开始")
    screenshot(office, "status-meeting-milestones")

    opinions.get_by_role("button", name="标记完成").click()
    expect(opinions.locator(".pill.ps-done")).to_have_text("已完成")
    expect(opinions.get_by_role("button", name="撤销完成")).to_be_visible()

    office.set_viewport_size(PHONE)
    office.reload()
    assert_fits_width(office)
    screenshot(office, "status-meeting-milestones-phone")
